/**
 * `npm run bench:server` (not a test): where queries run, measured. On the tenant emulator with
 * Microsoft's throttle (5 report requests per 10 s, 250 ms per page, live, ~50k events a week):
 * (a) 1, 2, 5 and 10 viewers open the 6-panel 7-day bench dashboard at once, in each mode of
 * bench/modes.ts (Browser: each viewer its own DataSource through the proxy stand-in; Server: each
 * viewer posts the panels to Grafana's /api/ds/query, answered by pkg/cmd/dsquery-standin running
 * the plugin's backend through the SDK, on the emulator's clock); (c) one emulated hour of 10
 * viewers refreshing every minute and 5 alert rules every minute, in the backend modes.
 * Counts are exact per run; times are medians of --runs runs, emulated seconds and wall-clock.
 * Server with store is measured warm: after its backfill finished (store/status), so its only
 * Graph requests are the sync's.
 * Options: --viewers 1,2,5,10  --runs 3  --scale 8  --modes Browser,Server,'Server with store'
 * --hour-scale 20  --hour-minutes 60  --no-hour  --no-dashboard  --events-per-day 7150
 * --request-log (every Graph request of every run, on stderr).
 */
import { RunningEmulator } from '../emulator';
import { resolveSettings } from '../src/core/model/settings';
import { emulatorSettings } from '../integration/harness';
import { DASHBOARD_DAYS, neededWalks, panelFilters } from './dashboard';
import { countRequests } from './dashboardLoad';
import { buildDsQueryStandin } from './dsQueryStandin';
import { runHour } from './hour';
import { Mode, ModeSession, MODES } from './modes';
import { Floor, HourRow, printServerReport, RunRow } from './serverReport';
import { startBenchEmulator } from './viewers';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const VIEWERS = option('--viewers', '1,2,5,10').split(',').map(Number);
const RUNS = Number(option('--runs', '3'));
const SCALE = Number(option('--scale', '8'));
const HOUR_SCALE = Number(option('--hour-scale', '20'));
const HOUR_MINUTES = Number(option('--hour-minutes', '60'));
const HOUR_VIEWERS = 10;
const EVENTS_PER_DAY = Number(option('--events-per-day', '7150'));
const REQUEST_LOG = args.includes('--request-log');
const MODE_NAMES = option('--modes', MODES.map((m) => m.name).join(',')).split(',');
const PAGE = 1000;
const FLOOR_RATE = 0.5;

async function main(): Promise<void> {
  const modes = MODE_NAMES.map((name) => {
    const mode = MODES.find((m) => m.name === name);
    if (!mode) {
      throw new Error(`unknown mode '${name}'; use some of ${MODES.map((m) => m.name).join(', ')}`);
    }
    return mode;
  });
  const standin = buildDsQueryStandin();
  try {
    let floor: Floor | undefined;
    const runs: RunRow[] = [];
    if (!args.includes('--no-dashboard')) {
      for (const mode of modes) {
        await dashboardRuns(mode, standin.binary, ({ row, floor: f }) => {
          floor ??= f;
          runs.push(row);
          log(
            `${mode.name}, ${row.viewers} viewer(s), run ${row.run}: ${row.requests} requests, ${row.throttled} 429s, ` +
              `${row.failed}/${row.panels} failed, last panel ${row.lastPanelSeconds.toFixed(1)} emulated s ` +
              `(${row.lastPanelWallSeconds.toFixed(1)} wall s)`
          );
        });
      }
    }
    const hours: HourRow[] = [];
    if (!args.includes('--no-hour')) {
      for (const mode of modes) {
        const row = await hourOnce(mode, standin.binary);
        if (row) {
          hours.push(row);
          log(`${mode.name}, hour: ${row.report.requestsPerCycle.join(' ')}`);
        }
      }
    }
    printServerReport({
      scale: SCALE,
      hourScale: HOUR_SCALE,
      floor,
      runs,
      hours,
      viewers: VIEWERS,
      modes: modes.map((m) => m.name),
    });
  } finally {
    standin.cleanup();
  }
}

type Measured = { row: RunRow; floor: Floor };

/**
 * Every dashboard run of a mode: a new tenant and session per run (cold), or for a mode measured
 * warm, one tenant and session started (and backfilled) once for all its runs.
 */
async function dashboardRuns(mode: Mode, binary: string, record: (measured: Measured) => void): Promise<void> {
  if (mode.warm) {
    await withSession(mode, binary, async (emulator, session) => {
      for (const n of VIEWERS) {
        for (let run = 1; run <= RUNS; run++) {
          record(await openOnce(mode, emulator, session, n, run));
        }
      }
    });
    return;
  }
  for (const n of VIEWERS) {
    for (let run = 1; run <= RUNS; run++) {
      record(await withSession(mode, binary, (emulator, session) => openOnce(mode, emulator, session, n, run)));
    }
  }
}

async function withSession<T>(
  mode: Mode,
  binary: string,
  measure: (emulator: RunningEmulator, session: ModeSession) => Promise<T>
): Promise<T> {
  const emulator = await startBenchEmulator(SCALE, EVENTS_PER_DAY);
  try {
    const session = await mode.start(emulator, binary);
    try {
      return await measure(emulator, session);
    } finally {
      await session.close();
    }
  } finally {
    await emulator.close();
  }
}

async function openOnce(
  mode: Mode,
  emulator: RunningEmulator,
  session: ModeSession,
  viewers: number,
  run: number
): Promise<Measured> {
  const floor = dashboardFloor(emulator);
  const backgroundBefore = await session.backgroundRequests?.();
  const cpuBefore = session.backendCpuSeconds?.();
  const startedAt = emulator.now();
  const realStart = performance.now();
  const panels = (await session.open(viewers)).flat();
  const backgroundAfter = await session.backgroundRequests?.();
  const cpuAfter = session.backendCpuSeconds?.();
  const failed = panels.filter((p) => p.failed);
  const row: RunRow = {
    mode: mode.name,
    viewers,
    run,
    panels: panels.length,
    failed: failed.length,
    lastPanelSeconds: (Math.max(...panels.map((p) => p.atMs)) - startedAt) / 1000,
    lastPanelWallSeconds: (Math.max(...panels.map((p) => p.realMs)) - realStart) / 1000,
    ...countRequests(emulator, startedAt),
    backendCpuSeconds: cpuAfter === undefined || cpuBefore === undefined ? undefined : cpuAfter - cpuBefore,
    syncRequests: backgroundAfter === undefined ? undefined : backgroundAfter - (backgroundBefore ?? 0),
    errors: [...new Set(failed.map((p) => p.error ?? '?'))],
  };
  if (REQUEST_LOG) {
    logRequests(emulator, startedAt);
  }
  return { row, floor };
}

async function hourOnce(mode: Mode, binary: string): Promise<HourRow | undefined> {
  const emulator = await startBenchEmulator(HOUR_SCALE, EVENTS_PER_DAY);
  try {
    const session = await mode.start(emulator, binary);
    try {
      if (!session.evaluate) {
        return undefined;
      }
      return { mode: mode.name, report: await runHour(emulator, session, HOUR_VIEWERS, HOUR_MINUTES) };
    } finally {
      await session.close();
    }
  } finally {
    await emulator.close();
  }
}

/** One shared walk's floor: the pages of the walks the dashboard needs, at Microsoft's 0.5 per second. */
function dashboardFloor(emulator: RunningEmulator): Floor {
  const settings = resolveSettings(emulatorSettings(emulator));
  const range = { from: emulator.now() - DASHBOARD_DAYS * 86_400_000, to: emulator.now() };
  const filters = panelFilters(settings, range, emulator.now());
  const walks = neededWalks(filters);
  const events = walks.map((filter) => emulator.groundTruth({ from: range.from, to: range.to, filter }).total);
  const requests = events.reduce((n, count) => n + Math.max(1, Math.ceil(count / PAGE)), 0);
  return {
    requests,
    seconds: requests / FLOOR_RATE,
    walks: walks.length,
    distinctFilters: new Set(filters).size,
    events,
  };
}

/** Every Graph request of a run: emulated seconds since the viewers opened, status, $filter, page. */
function logRequests(emulator: RunningEmulator, startedAt: number): void {
  for (const r of emulator.requestLog().filter((r) => r.api === 'graph' && r.atMs >= startedAt)) {
    const url = new URL(r.url, emulator.httpUrl);
    const page = [...url.searchParams.keys()].some((k) => k.toLowerCase() === '$skiptoken') ? 'next page' : 'first page';
    log(`    ${((r.atMs - startedAt) / 1000).toFixed(1)} s  ${r.status}  ${page}  ${url.searchParams.get('$filter') ?? ''}`);
  }
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  }
);
