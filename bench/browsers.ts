/**
 * `npx tsx bench/browsers.ts` (not a test): N browsers open the benchmark dashboard at once, each
 * with its own DataSource (its own scheduler and cache), one app registration, behind one Grafana
 * proxy stand-in, against the tenant emulator's throttle (5 report requests per 10 s, shared by all).
 * Per N: panels completed, panels failed, emulated seconds until the last panel, requests and 429s.
 * Options: --browsers 1,2,5,10  --scale N (emulator time scale, default 8)  --events-per-day N.
 */
import '../tools/query-runner/browserEnvironment';

import { DataQueryRequest, LoadingState } from '@grafana/data';

import { RunningEmulator, startEmulator } from '../emulator';
import { emulatorClock, emulatorSettings } from '../integration/harness';
import { AuditQuery } from '../src/core/model/query';
import { HeadlessRig, startHeadless } from '../tools/query-runner/runHeadless';
import { DASHBOARD_DAYS, DASHBOARD_PANELS } from './dashboard';
import { countRequests, dashboardRequest } from './dashboardLoad';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const BROWSERS = option('--browsers', '1,2,5,10').split(',').map(Number);
const SCALE = Number(option('--scale', '8'));
const EVENTS_PER_DAY = Number(option('--events-per-day', '7150'));

interface PanelEnd {
  failed: boolean;
  atMs: number;
  error?: string;
}

interface Row {
  browsers: number;
  panels: number;
  completed: number;
  failed: number;
  lastPanelSeconds: number;
  requests: number;
  throttled: number;
  errors: string[];
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const browsers of BROWSERS) {
    rows.push(await measure(browsers));
    console.log(format(rows[rows.length - 1]));
  }
  console.log('');
  console.log(header());
  rows.forEach((row) => console.log(format(row)));
}

async function measure(browsers: number): Promise<Row> {
  const emulator = await startEmulator({
    now: '2026-11-20T12:00:00Z',
    timeScale: SCALE,
    throttle: { requests: 5, perSeconds: 10 },
    latencyMs: 250,
    eventsPerDay: EVENTS_PER_DAY,
    live: true,
    seed: 8,
  });
  const rigs: HeadlessRig[] = [];
  try {
    for (let i = 0; i < browsers; i++) {
      // One Grafana serves every browser: the last proxy stand-in started carries them all.
      rigs.push(
        await startHeadless({
          jsonData: emulatorSettings(emulator),
          secureJsonData: { clientSecret: emulator.clientSecret },
          queries: DASHBOARD_PANELS,
          range: { from: emulator.now() - DASHBOARD_DAYS * 86_400_000, to: emulator.now() },
          clock: emulatorClock(emulator),
        })
      );
    }
    const startedAt = emulator.now();
    const ends = await Promise.all(
      rigs.map((rig, i) => runPanels(rig, dashboardRequest(rig, emulator, DASHBOARD_DAYS, `browser${i}`), emulator))
    );
    const panels = ends.flat();
    const failed = panels.filter((p) => p.failed);
    return {
      browsers,
      panels: panels.length,
      completed: panels.length - failed.length,
      failed: failed.length,
      lastPanelSeconds: (Math.max(...panels.map((p) => p.atMs)) - startedAt) / 1000,
      ...countRequests(emulator, startedAt),
      errors: [...new Set(failed.map((p) => p.error ?? '?'))],
    };
  } finally {
    await Promise.all(rigs.map((rig) => rig.close()));
    await emulator.close();
  }
}

/** Every panel of one browser to its end: done or failed, and when (emulated). */
function runPanels(
  rig: HeadlessRig,
  request: DataQueryRequest<AuditQuery>,
  emulator: RunningEmulator
): Promise<PanelEnd[]> {
  return new Promise((resolve, reject) => {
    const ends = new Map<string, PanelEnd>();
    rig.datasource.query(request).subscribe({
      next: (packet) => {
        if (packet.state !== LoadingState.Streaming) {
          const error = packet.errors?.[0]?.message;
          ends.set(packet.key ?? '?', { failed: packet.state === LoadingState.Error, atMs: emulator.now(), error });
        }
      },
      error: reject,
      complete: () => resolve([...ends.values()]),
    });
  });
}

function header(): string {
  return 'browsers   panels   completed   failed   last panel (emulated s)   requests   429s';
}

function format(row: Row): string {
  const cells = [
    String(row.browsers).padStart(8),
    String(row.panels).padStart(8),
    String(row.completed).padStart(11),
    String(row.failed).padStart(8),
    row.lastPanelSeconds.toFixed(1).padStart(25),
    String(row.requests).padStart(10),
    String(row.throttled).padStart(6),
  ];
  const errors = row.errors.length > 0 ? `   errors: ${row.errors.map((e) => e.slice(0, 120)).join(' | ')}` : '';
  return cells.join(' ') + errors;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
