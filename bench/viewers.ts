import '../tools/query-runner/browserEnvironment';

import { DataQueryRequest, LoadingState } from '@grafana/data';

import { RunningEmulator, startEmulator } from '../emulator';
import { emulatorClock, emulatorSettings } from '../integration/harness';
import { AuditQuery } from '../src/core/model/query';
import { HeadlessRig, startHeadless } from '../tools/query-runner/runHeadless';
import { DASHBOARD_DAYS, DASHBOARD_PANELS } from './dashboard';
import { dashboardRequest } from './dashboardLoad';

/** One panel of one viewer at its end: done or failed, and when (emulated and wall-clock ms). */
export interface PanelEnd {
  failed: boolean;
  atMs: number;
  realMs: number;
  error?: string;
}

/** The benchmarks' live tenant: Microsoft's 5 report requests per 10 s, 250 ms per page, seed 8. */
export function startBenchEmulator(timeScale: number, eventsPerDay: number): Promise<RunningEmulator> {
  return startEmulator({
    now: '2026-11-20T12:00:00Z',
    timeScale,
    throttle: { requests: 5, perSeconds: 10 },
    latencyMs: 250,
    eventsPerDay,
    live: true,
    seed: 8,
    inspection: true,
  });
}

/**
 * Browser mode: `viewers` browsers open the bench dashboard at once, each with its own DataSource
 * (its own scheduler and cache) behind one Grafana proxy stand-in and one app registration.
 */
export async function openInBrowsers(emulator: RunningEmulator, viewers: number): Promise<PanelEnd[][]> {
  const rigs: HeadlessRig[] = [];
  try {
    for (let i = 0; i < viewers; i++) {
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
    return await Promise.all(
      rigs.map((rig, i) => runPanels(rig, dashboardRequest(rig, emulator, DASHBOARD_DAYS, `browser${i}`), emulator))
    );
  } finally {
    await Promise.all(rigs.map((rig) => rig.close()));
  }
}

/** Every panel of one browser to its end. */
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
          ends.set(packet.key ?? '?', {
            failed: packet.state === LoadingState.Error,
            atMs: emulator.now(),
            realMs: performance.now(),
            error,
          });
        }
      },
      error: reject,
      complete: () => resolve([...ends.values()]),
    });
  });
}
