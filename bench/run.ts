/**
 * `npm run bench` (not a test): how close a dashboard comes to Microsoft's throttle floor.
 * Against the tenant emulator (5 report requests per 10 s, 250 ms per page, a live tenant on a
 * fast clock), a 6-panel, 7-day dashboard: (a) cold load by this plugin's real DataSource through
 * the proxy stand-in, by a per-panel PageIterator walker (Microsoft's Graph SDK), and the floor;
 * (b) ten auto-refreshes one emulated minute apart; (c) framing throughput and memory against
 * JSON.parse; (d) memory against the number of panels.
 * Wall times are emulated seconds. Options: --scale N, --events-per-day N, --refreshes N, --quick (10k framing only),
 * --no-baseline, --no-framing (for profiling one part).
 */
import { RunningEmulator } from '../emulator';
import { resolveSettings } from '../src/core/model/settings';
import {
  countRequests,
  dashboardRequest,
  PhaseCount,
  runDashboard,
  runPageIteratorWalkers,
  startBenchDashboard,
} from './dashboardLoad';
import { DASHBOARD_DAYS, DASHBOARD_PANELS, distinctFilters, neededWalks, panelFilters } from './dashboard';
import { FramingRow, measureFraming } from './framing';
import { measurePanelMemory, PanelMemoryRow } from './memoryPerPanel';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
/**
 * 4x: the emulator shares this process's CPU, and every real millisecond it spends rendering a page
 * counts as `scale` emulated ones; at 4x that distortion stays under 2 % of the floor.
 */
const SCALE = option('--scale', 4);
const EVENTS_PER_DAY = option('--events-per-day', 7_150);
const REFRESHES = option('--refreshes', 10);
const SKIP_BASELINE = args.includes('--no-baseline');
const PAGE = 1000;
const FLOOR_RATE = 0.5;

async function main(): Promise<void> {
  const { emulator, jsonData, rig } = await startBenchDashboard({ timeScale: SCALE, eventsPerDay: EVENTS_PER_DAY });
  const settings = resolveSettings(jsonData);
  try {
    // (a) the floor: the pages of the walks the dashboard needs, at Microsoft's sustained rate.
    const range = { from: emulator.now() - DASHBOARD_DAYS * 86_400_000, to: emulator.now() };
    const filters = panelFilters(settings, range, emulator.now());
    const distinct = distinctFilters(filters);
    const needed = neededWalks(filters);
    const events = needed.map((filter) => emulator.groundTruth({ from: range.from, to: range.to, filter }).total);
    const floorPages = events.reduce((n, count) => n + Math.max(1, Math.ceil(count / PAGE)), 0);
    const floor: PhaseCount = { requests: floorPages, throttled: 0, wallSeconds: floorPages / FLOOR_RATE, errors: [] };

    const { plugin, sequential, baseline } = await measureColdLoad(emulator, rig, filters, floor);
    // (b) ten auto-refreshes, one emulated minute apart, of the relative range now-7d..now.
    const refreshes: PhaseCount[] = [];
    for (let i = 1; i <= REFRESHES; i++) {
      emulator.advance(60_000);
      refreshes.push(await timed(emulator, () => dashboardErrors(rig, emulator, `refresh${i}`)));
    }

    // (c) framing.
    const framing = args.includes('--no-framing')
      ? []
      : await measureFraming(args.includes('--quick') ? [10_000] : [10_000, 100_000]);

    // (d) memory against the number of panels sharing one walk.
    const panelMemory = args.includes('--no-framing')
      ? []
      : await measurePanelMemory(args.includes('--quick') ? 10_000 : 100_000);

    printReport({
      distinctFilters: distinct.length,
      distinctWalks: needed.length,
      totalEvents: events,
      floor,
      plugin,
      baseline,
      sequential,
      refreshes,
      framing,
      panelMemory,
    });
  } finally {
    await rig.close();
    await emulator.close();
  }
}

type Rig = Awaited<ReturnType<typeof startBenchDashboard>>['rig'];
type Filters = Parameters<typeof runPageIteratorWalkers>[1];

/** The plugin's cold load, then the PageIterator baselines (skipped with --no-baseline), each after the window drains. */
async function measureColdLoad(emulator: RunningEmulator, rig: Rig, filters: Filters, floor: PhaseCount) {
  const plugin = await timed(emulator, () => dashboardErrors(rig, emulator, 'cold'));
  await waitOutWindow(emulator);
  const iterators = (oneByOne: boolean) =>
    timed(emulator, async () => {
      const report = oneByOne
        ? await runPageIteratorWalkers(emulator, filters, true)
        : await runPageIteratorWalkers(emulator, filters);
      return report.walks.flatMap((walk) => (walk.error ? [walk.error] : []));
    });
  const sequential = SKIP_BASELINE ? floor : await iterators(true);
  await waitOutWindow(emulator);
  const baseline = SKIP_BASELINE ? floor : await iterators(false);
  await waitOutWindow(emulator);
  return { plugin, sequential, baseline };
}

async function dashboardErrors(rig: Rig, emulator: RunningEmulator, label: string): Promise<string[]> {
  const responses = await runDashboard(rig, dashboardRequest(rig, emulator, DASHBOARD_DAYS, label));
  return [...responses.values()].flatMap((r) => (r.errors ?? []).map((e) => e.message ?? ''));
}

async function timed(emulator: RunningEmulator, run: () => Promise<string[]>): Promise<PhaseCount> {
  const startedAt = emulator.now();
  const errors = await run();
  const wallSeconds = (emulator.now() - startedAt) / 1000;
  return { ...countRequests(emulator, startedAt), wallSeconds, errors };
}

/** Lets the throttle window drain so one phase's spending does not slow the next. */
async function waitOutWindow(emulator: { advance(ms: number): void }): Promise<void> {
  emulator.advance(20_000);
}

interface Report {
  distinctFilters: number;
  /** The walks needed once a wider filter's walk serves the narrower ones. */
  distinctWalks: number;
  totalEvents: number[];
  floor: PhaseCount;
  plugin: PhaseCount;
  baseline: PhaseCount;
  sequential: PhaseCount;
  refreshes: PhaseCount[];
  framing: FramingRow[];
  panelMemory: PanelMemoryRow[];
}

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

function printReport(report: Report): void {
  const lines = [
    ...coldLoadLines(report),
    '',
    ...refreshLines(report),
    '',
    ...framingLines(report.framing),
    ...memoryLines(report.panelMemory),
    '',
    ...checkLines(report),
  ];
  const { plugin, baseline, sequential, refreshes } = report;
  const errors = [...plugin.errors, ...baseline.errors, ...sequential.errors, ...refreshes.flatMap((r) => r.errors)];
  if (errors.length > 0) {
    lines.push('');
    lines.push('Errors:');
    [...new Set(errors)].forEach((e) => lines.push(`    ${e}`));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

function coldLoadLines({ floor, plugin, baseline, sequential, ...report }: Report): string[] {
  const row = (name: string, p: PhaseCount) =>
    `    ${name.padEnd(30)} ${String(p.requests).padStart(8)} ${String(p.throttled).padStart(6)} ${p.wallSeconds
      .toFixed(1)
      .padStart(19)} ${String(p.errors.length).padStart(8)}`;
  return [
    `Dashboard: ${DASHBOARD_PANELS.length} panels, ${DASHBOARD_DAYS} days, ${report.distinctFilters} distinct server filters, ` +
      `${report.distinctWalks} walk(s) needed ` +
      `(${report.totalEvents.join(' + ')} events), throttle 5 per 10 s, 250 ms per page, time scale ${SCALE}x`,
    '',
    '(a) cold load                      requests   429s   wall (emulated s)   errors',
    row('floor (needed pages @0.5/s)', floor),
    row('this plugin', plugin),
    row('PageIterator, panels at once', baseline),
    row('PageIterator, one by one', sequential),
    `    plugin/floor: requests ${ratio(plugin.requests, floor.requests)}, wall ${ratio(plugin.wallSeconds, floor.wallSeconds)}`,
    `    PageIterator at once/plugin: requests ${ratio(baseline.requests, plugin.requests)}, ` +
      `${baseline.throttled} 429s, ${baseline.errors.length} of ${DASHBOARD_PANELS.length} panels failed`,
    `    PageIterator one by one/plugin: requests ${ratio(sequential.requests, plugin.requests)}, ` +
      `wall ${ratio(sequential.wallSeconds, plugin.wallSeconds)}`,
  ];
}

function refreshLines({ refreshes, distinctWalks }: Report): string[] {
  const perRefresh = refreshes.map((r) => r.requests);
  const refreshErrors = refreshes.reduce((n, r) => n + r.errors.length, 0);
  const refresh429 = refreshes.reduce((n, r) => n + r.throttled, 0);
  return [
    `(b) ${REFRESHES} auto-refreshes, 1 emulated minute apart (now-${DASHBOARD_DAYS}d..now)`,
    `    requests per refresh: ${perRefresh.join(' ')}  (max ${Math.max(...perRefresh)}, ${(Math.max(...perRefresh) / distinctWalks).toFixed(1)} per distinct walk)`,
    `    wall per refresh (emulated s): ${refreshes.map((r) => r.wallSeconds.toFixed(1)).join(' ')}; 429s ${refresh429}; errors ${refreshErrors}`,
  ];
}

function framingLines(framing: FramingRow[]): string[] {
  const widths = [8, 6, 11, 10, 11, 8, 8, 8, 13, 9, 10, 8];
  const cells = (values: Array<string | number>) =>
    `    ${values.map((v, k) => String(v).padStart(widths[k])).join(' ')}`;
  const ms = (n: number) => n.toFixed(0);
  const header = ['events', 'pages', 'JSON.parse', 'normalise', 'timeSeries', 'summary', 'events', 'logs'];
  return [
    '(c) framing: JSON.parse of the pages vs normalising them (during the walk) and building frames (after it), ms',
    cells([...header, 'events/s (ev)', 'max task', 'events MB', 'peak MB']),
    ...framing.map((f) =>
      cells([
        f.events,
        f.pages,
        ms(f.parseMs),
        ms(f.normaliseMs),
        ms(f.frameMs.timeSeries),
        ms(f.frameMs.summary),
        ms(f.frameMs.events),
        ms(f.frameMs.logs),
        Math.round(f.events / ((f.normaliseMs + f.frameMs.events) / 1000)),
        ms(Math.max(f.longestPageMs, f.longestSliceMs)),
        ms(f.eventsMb),
        ms(f.peakMb),
      ])
    ),
    ...framing.map((f) => {
      const slowest = Math.max(...Object.values(f.frameMs));
      return (
        `    ${f.events} events: slowest format's frames ${ratio(slowest, f.parseMs)} of JSON.parse; ` +
        `normalise + slowest frames ${ratio(f.normaliseMs + slowest, f.parseMs)}`
      );
    }),
  ];
}

function memoryLines(panelMemory: PanelMemoryRow[]): string[] {
  if (panelMemory.length === 0) {
    return [];
  }
  return [
    '',
    '(d) heap held by one data source instance with every panel result alive (panels share one walk)',
    ...panelMemory.map(
      (m) => `    ${m.dashboard.padEnd(30)} ${m.events} events kept, ${m.requests} requests, ${m.heldMb.toFixed(0)} MB`
    ),
  ];
}

function checkLines({ floor, plugin, refreshes, distinctWalks }: Report): string[] {
  const maxRefresh = Math.max(...refreshes.map((r) => r.requests));
  const refresh429 = refreshes.reduce((n, r) => n + r.throttled, 0);
  const checks: Array<[string, boolean]> = [
    [
      `cold-load requests <= floor + 1 per distinct walk (${floor.requests + distinctWalks})`,
      plugin.requests <= floor.requests + distinctWalks,
    ],
    ['cold-load wall <= 1.1x floor', plugin.wallSeconds <= 1.1 * floor.wallSeconds],
    ['zero 429s from the plugin', plugin.throttled + refresh429 === 0],
    ['refresh <= 2 requests per distinct walk', maxRefresh <= 2 * distinctWalks],
  ];
  return checks.map(([what, ok]) => `${ok ? 'PASS' : 'FAIL'}  ${what}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  }
);
