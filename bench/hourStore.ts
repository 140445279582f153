/**
 * `npx tsx bench/hourStore.ts` (not a test): benchmark (c) in Server with store mode. On the tenant
 * emulator with Microsoft's throttle (5 report requests per 10 s, 250 ms per page, live), the
 * /api/ds/query stand-in runs the plugin's backend with its audit store in a temporary directory.
 * The store first backfills (its requests counted apart); then one emulated hour: every minute 10
 * viewers refresh the 6-panel 7-day dashboard and 5 alert rules evaluate. Printed: Graph requests
 * (and 429s) per minute and per hour, the store's syncs in that hour, panels and rules failed.
 * Request counts are exact. Options: --scale 10  --minutes 60  --viewers 10  --events-per-day 7150
 * --rules-end-minutes-ago 8 (a rule on the store ends past the ingestion delay and the sync: see
 * README, Alerting)  --idle (no viewer, no rule: the sync alone, to compare with).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { RunningEmulator } from '../emulator';
import { emulatorSettings } from '../integration/harness';
import { AuditQuery } from '../src/core/model/query';
import { resolveSettings } from '../src/core/model/settings';
import { secretBinding, secretKeysOf } from '../src/core/model/secretBinding';
import { AuditJsonData } from '../src/datasource/DataSource';
import { countRequests } from './dashboardLoad';
import { buildDsQueryStandin, DATASOURCE_UID, DsQueryStandin, startDsQueryStandin } from './dsQueryStandin';
import { HourReport, runHour } from './hour';
import { ModeSession } from './modes';
import { DASHBOARD_DAYS, DASHBOARD_PANELS } from './dashboard';
import { PanelEnd, startBenchEmulator } from './viewers';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const SCALE = Number(option('--scale', '10'));
const MINUTES = Number(option('--minutes', '60'));
const VIEWERS = Number(option('--viewers', '10'));
const EVENTS_PER_DAY = Number(option('--events-per-day', '7150'));
const RULES_END_MINUTES_AGO = Number(option('--rules-end-minutes-ago', '8'));
/** --idle: the same hour with no viewer and no rule, the sync alone, to compare with. */
const IDLE = args.includes('--idle');
/** The store's sync interval (storeSyncSeconds' default). */
const SYNC_SECONDS = 60;
/** How long the backfill may take before the benchmark gives up (emulated minutes). */
const BACKFILL_CAP_MINUTES = 240;
/** The tenant's retention (the emulator's and the data source's default). */
const RETENTION_DAYS = 30;
const COVERAGE_PROBE: AuditQuery = { refId: 'A', format: 'alertNumbers', groupBy: 'result', filters: [] };

async function main(): Promise<void> {
  const standin = buildDsQueryStandin();
  const storeDir = mkdtempSync(join(tmpdir(), 'auditlens-hour-store-'));
  const emulator = await startBenchEmulator(SCALE, EVENTS_PER_DAY);
  try {
    const jsonData = {
      ...emulatorSettings(emulator),
      queryMode: 'serverStore',
      storeSyncSeconds: SYNC_SECONDS,
    } as AuditJsonData;
    const keys = secretKeysOf('serverStore');
    const secure = { [keys.secret]: emulator.clientSecret, [keys.binding]: secretBinding(resolveSettings(jsonData)) };
    const server = await startDsQueryStandin(standin.binary, emulator, jsonData, secure, {
      GF_PLUGIN_STORE_DIR: join(storeDir, 'store'),
    });
    try {
      const backfill = await backfillStore(emulator, server);
      const session: ModeSession = {
        open: (viewers) => openUnparsed(server, emulator, viewers),
        evaluate: (rule, minutes) => evaluateOnStore(server, emulator, rule, minutes),
        close: async () => {},
      };
      const startedAt = emulator.now();
      const report = IDLE ? await idleHour(emulator) : await runHour(emulator, session, VIEWERS, MINUTES);
      print(backfill, report, (emulator.now() - startedAt) / 60_000);
    } finally {
      await server.close();
    }
  } finally {
    await emulator.close();
    rmSync(storeDir, { recursive: true, force: true });
    standin.cleanup();
  }
}

interface Backfill {
  requests: number;
  throttled: number;
  emulatedMinutes: number;
}

/**
 * Starts the sync with one query (the secret comes with a request) and waits for the backfill: it
 * runs newest first, so it is done when the store holds the oldest day of the tenant's retention.
 * An alert evaluation of that day fails until then ("does not hold the whole range yet"); one day
 * keeps it under the events limit, which an alert over the whole month would pass.
 */
async function backfillStore(emulator: RunningEmulator, server: DsQueryStandin): Promise<Backfill> {
  const startedAt = emulator.now();
  await openUnparsed(server, emulator, 1);
  for (let minute = 1; minute <= BACKFILL_CAP_MINUTES; minute++) {
    await sleepEmulated(emulator, SYNC_SECONDS * 1000);
    const from = emulator.now() - (RETENTION_DAYS - 1) * 86_400_000;
    const to = from + 86_400_000;
    const probe = await post(server, emulator, COVERAGE_PROBE, {
      from,
      to,
      intervalMs: 60_000,
      maxDataPoints: 100,
      fromAlert: true,
    });
    if (!probe.failed) {
      const { requests, throttled } = countRequests(emulator, startedAt);
      return { requests, throttled, emulatedMinutes: (emulator.now() - startedAt) / 60_000 };
    }
  }
  throw new Error(`the store's backfill was still walking after ${BACKFILL_CAP_MINUTES} emulated minutes`);
}

/** The hour with nobody looking: only the store's sync asks Graph anything. */
async function idleHour(emulator: RunningEmulator): Promise<HourReport> {
  const perCycle: Array<{ requests: number; throttled: number }> = [];
  for (let cycle = 0; cycle < MINUTES; cycle++) {
    const start = emulator.now();
    await sleepEmulated(emulator, 60_000);
    perCycle.push(countRequests(emulator, start));
  }
  return {
    cycles: MINUTES,
    viewers: 0,
    rules: 0,
    requestsPerCycle: perCycle.map((c) => c.requests),
    throttledPerCycle: perCycle.map((c) => c.throttled),
    panelsFailed: 0,
    rulesFailed: 0,
    lateCycles: 0,
    errors: [],
  };
}

function sleepEmulated(emulator: RunningEmulator, ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms / emulator.timeScale));
}

/**
 * Viewers open the dashboard as in Server mode (bench/serverViewers.ts: each panel its own POST over
 * now-7d..now), but the answers are read and not parsed: the emulator runs in this process, and
 * parsing ten viewers' 7-day event tables (tens of MB each) every minute would hold the emulator's
 * answers to the store's sync. The stand-in answers 200 only when every query succeeded.
 */
function openUnparsed(server: DsQueryStandin, emulator: RunningEmulator, viewers: number): Promise<PanelEnd[][]> {
  const view = () => {
    const to = emulator.now();
    const from = to - DASHBOARD_DAYS * 86_400_000;
    return Promise.all(
      DASHBOARD_PANELS.map((panel) =>
        post(server, emulator, panel, { from, to, intervalMs: 10 * 60_000, maxDataPoints: 1000, fromAlert: false })
      )
    );
  };
  return Promise.all(Array.from({ length: viewers }, view));
}

interface Posting {
  from: number;
  to: number;
  intervalMs: number;
  maxDataPoints: number;
  fromAlert: boolean;
}

async function post(
  server: DsQueryStandin,
  emulator: RunningEmulator,
  query: AuditQuery,
  p: Posting
): Promise<PanelEnd> {
  const body = {
    from: String(p.from),
    to: String(p.to),
    queries: [
      { ...query, datasource: { uid: DATASOURCE_UID }, intervalMs: p.intervalMs, maxDataPoints: p.maxDataPoints },
    ],
  };
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (p.fromAlert) {
    headers.FromAlert = 'true';
  }
  try {
    const response = await fetch(`${server.url}/api/ds/query`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (response.ok) {
      await response.arrayBuffer();
      return end(emulator, false, '');
    }
    const answer = (await response.json()) as { message?: string; results?: Record<string, { error?: string }> };
    return end(emulator, true, answer.results?.[query.refId]?.error ?? answer.message ?? `HTTP ${response.status}`);
  } catch (error) {
    return end(emulator, true, error instanceof Error ? error.message : String(error));
  }
}

/**
 * An alert rule's evaluation on the store, as Grafana's alerting sends it (the FromAlert header):
 * `minutes` long, ending RULES_END_MINUTES_AGO before now, as provisioning/alerting's rules do.
 */
function evaluateOnStore(
  server: DsQueryStandin,
  emulator: RunningEmulator,
  rule: AuditQuery,
  minutes: number
): Promise<PanelEnd> {
  const to = emulator.now() - RULES_END_MINUTES_AGO * 60_000;
  return post(server, emulator, rule, {
    from: to - minutes * 60_000,
    to,
    intervalMs: 60_000,
    maxDataPoints: 100,
    fromAlert: true,
  });
}

function end(emulator: RunningEmulator, failed: boolean, error: string): PanelEnd {
  return { failed, atMs: emulator.now(), realMs: performance.now(), error: failed ? error : undefined };
}

function print(backfill: Backfill, report: HourReport, emulatedMinutes: number): void {
  const requests = report.requestsPerCycle.reduce((a, b) => a + b, 0);
  const throttled = report.throttledPerCycle.reduce((a, b) => a + b, 0);
  const syncs = emulatedMinutes / (SYNC_SECONDS / 60);
  const lines = [
    `Server with store, ${EVENTS_PER_DAY} events a day, ${SCALE}x clock, sync every ${SYNC_SECONDS} s`,
    `backfill before the hour: ${backfill.requests} requests, ${backfill.throttled} 429s, ${backfill.emulatedMinutes.toFixed(0)} emulated min`,
    `hour: ${report.cycles} cycles of ${report.viewers} viewers x 6 panels + ${report.rules} alert rules ` +
      `(ending ${RULES_END_MINUTES_AGO} min ago), ${emulatedMinutes.toFixed(1)} emulated min, ${report.lateCycles} cycles late`,
    `requests per cycle: ${report.requestsPerCycle.join(' ')}`,
    `Graph requests: ${requests} (${throttled} 429s) for ~${syncs.toFixed(0)} syncs: ${(requests / syncs).toFixed(2)} per sync, ` +
      `${((requests * 60) / emulatedMinutes).toFixed(1)} per emulated hour`,
    `panels failed: ${report.panelsFailed} of ${report.cycles * report.viewers * 6}; rules failed: ${report.rulesFailed} of ` +
      `${report.cycles * report.rules}${report.errors.length ? `; errors: ${report.errors.join(' | ')}` : ''}`,
  ];
  console.log(lines.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
