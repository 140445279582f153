import { DASHBOARD_DAYS, DASHBOARD_PANELS } from './dashboard';
import { HourReport } from './hour';

/** One shared walk's floor for the bench dashboard. */
export interface Floor {
  requests: number;
  seconds: number;
  walks: number;
  distinctFilters: number;
  events: number[];
}

/** One run of (a): one mode, N viewers. Counts are exact; seconds are emulated, wall seconds real. */
export interface RunRow {
  mode: string;
  viewers: number;
  run: number;
  panels: number;
  failed: number;
  lastPanelSeconds: number;
  lastPanelWallSeconds: number;
  requests: number;
  throttled: number;
  /** CPU seconds (user + system) the plugin process used while the viewers opened the dashboard. */
  backendCpuSeconds?: number;
  /** Of `requests`, those the mode's background work sent (the store's sync); absent: it has none. */
  syncRequests?: number;
  errors: string[];
}

export interface HourRow {
  mode: string;
  report: HourReport;
}

interface Report {
  scale: number;
  hourScale: number;
  floor?: Floor;
  runs: RunRow[];
  hours: HourRow[];
  viewers: number[];
  modes: string[];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Exact counts: one number when every run agrees, else min–max. */
function counts(values: number[]): string {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? String(lo) : `${lo}-${hi}`;
}

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

interface Cell {
  runs: RunRow[];
  seconds: number;
  wall: number;
  requests: number;
}

function cell(runs: RunRow[], mode: string, viewers: number): Cell | undefined {
  const mine = runs.filter((r) => r.mode === mode && r.viewers === viewers);
  if (mine.length === 0) {
    return undefined;
  }
  return {
    runs: mine,
    seconds: median(mine.map((r) => r.lastPanelSeconds)),
    wall: median(mine.map((r) => r.lastPanelWallSeconds)),
    requests: median(mine.map((r) => r.requests)),
  };
}

/** The plugin process's CPU per dashboard open: what a loaded machine or a fast clock cannot distort. */
function cpuLines(report: Report): string[] {
  const lines: string[] = [];
  const cpu = report.runs.filter((r) => r.backendCpuSeconds !== undefined);
  for (const mode of report.modes) {
    for (const viewers of report.viewers) {
      const mine = cpu.filter((r) => r.mode === mode && r.viewers === viewers);
      if (mine.length > 0) {
        lines.push(
          `    ${mode}, ${viewers} viewer(s): backend CPU ${median(mine.map((r) => r.backendCpuSeconds!)).toFixed(2)} s ` +
            '(user + system of the plugin process, median; independent of the time scale)'
        );
      }
    }
  }
  return lines;
}

/** Server with store, warm: no Graph request beyond the sync's, every panel under 1 s of wall-clock time. */
function storeChecks(c: Cell, viewers: number, lines: string[], checks: Array<[string, boolean]>): void {
  const beyond = c.runs.map((r) => r.requests - (r.syncRequests ?? 0));
  lines.push(
    `    Server with store (warm), ${viewers} viewer(s): Graph requests ${counts(c.runs.map((r) => r.requests))}, ` +
      `the sync's ${counts(c.runs.map((r) => r.syncRequests ?? 0))}, beyond the sync ${counts(beyond)}; ` +
      `last panel ${c.wall.toFixed(2)} wall s`
  );
  checks.push([
    `Server with store, ${viewers} viewer(s), warm: no Graph request beyond the sync, every panel under 1 s wall-clock`,
    beyond.every((n) => n === 0) && c.wall < 1 && c.runs.every((r) => r.failed === 0),
  ]);
}

export function printServerReport(report: Report): void {
  const lines: string[] = [];
  const checks: Array<[string, boolean]> = [];
  if (report.floor) {
    viewerLines(report, report.floor, lines);
    lines.push('');
    lines.push(...cpuLines(report));
    lines.push('');
    modeChecks(report, report.floor, lines, checks);
  }
  hourLines(report, lines, checks);
  lines.push('');
  checks.forEach(([what, ok]) => lines.push(`${ok ? 'PASS' : 'FAIL'}  ${what}`));
  const errors = [...new Set(report.runs.flatMap((r) => r.errors.map((e) => `${r.mode}: ${e.slice(0, 200)}`)))];
  if (errors.length > 0) {
    lines.push('');
    lines.push('Errors:');
    errors.forEach((e) => lines.push(`    ${e}`));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** (a): the dashboard, its floor, and one row per mode and number of viewers. */
function viewerLines(report: Report, floor: Floor, lines: string[]): void {
  lines.push(
    `Dashboard: ${DASHBOARD_PANELS.length} panels, ${DASHBOARD_DAYS} days, ${floor.distinctFilters} distinct server filters, ` +
      `${floor.walks} shared walk(s) needed (${floor.events.join(' + ')} events); throttle 5 per 10 s, 250 ms per page, ` +
      `time scale ${report.scale}x`
  );
  lines.push(`Floor (one shared walk, needed pages @0.5/s): ${floor.requests} requests, ${floor.seconds.toFixed(1)} s`);
  lines.push('');
  lines.push(
    `(a) viewers open the dashboard at once; counts exact per run (min-max when runs differ), times medians of ${Math.max(
      ...report.runs.map((r) => r.run)
    )} runs`
  );
  lines.push(
    '    mode                viewers  panels  failed  requests   429s  last panel (emulated s)  (wall s)  requests/floor  time/floor'
  );
  for (const mode of report.modes) {
    for (const viewers of report.viewers) {
      const c = cell(report.runs, mode, viewers);
      if (c) {
        lines.push(viewerRow(mode, viewers, c, floor));
      }
    }
  }
}

function viewerRow(mode: string, viewers: number, c: Cell, floor: Floor): string {
  return `    ${mode.padEnd(18)} ${String(viewers).padStart(8)} ${String(c.runs[0].panels).padStart(7)} ${counts(
    c.runs.map((r) => r.failed)
  ).padStart(7)} ${counts(c.runs.map((r) => r.requests)).padStart(9)} ${counts(c.runs.map((r) => r.throttled)).padStart(
    6
  )} ${c.seconds.toFixed(1).padStart(24)} ${c.wall.toFixed(1).padStart(9)} ${ratio(c.requests, floor.requests).padStart(
    15
  )} ${ratio(c.seconds, floor.seconds).padStart(11)}`;
}

/** Each backend mode against Browser, and the goals for Server and Server with store. */
function modeChecks(report: Report, floor: Floor, lines: string[], checks: Array<[string, boolean]>): void {
  for (const mode of report.modes.filter((m) => m !== 'Browser')) {
    for (const viewers of report.viewers) {
      const server = cell(report.runs, mode, viewers);
      const browser = cell(report.runs, 'Browser', viewers);
      if (server && browser) {
        lines.push(
          `    ${mode} vs Browser, ${viewers} viewer(s): requests ${ratio(server.requests, browser.requests)}, ` +
            `last panel ${ratio(server.seconds, browser.seconds)}`
        );
      }
      if (server && mode === 'Server') {
        checks.push([
          `${mode}, ${viewers} viewer(s): cold within 1.1x of the floor (${floor.requests} requests, ${floor.seconds} s)`,
          server.requests <= 1.1 * floor.requests && server.seconds <= 1.1 * floor.seconds,
        ]);
        checks.push([`${mode}, ${viewers} viewer(s): no panel failing`, server.runs.every((r) => r.failed === 0)]);
      }
      if (server && mode === 'Server with store') {
        storeChecks(server, viewers, lines, checks);
      }
    }
  }
}

/** (c): Graph requests per one-minute cycle of the hour, per mode. */
function hourLines(report: Report, lines: string[], checks: Array<[string, boolean]>): void {
  for (const { mode, report: hour } of report.hours) {
    const steady = hour.requestsPerCycle.slice(1);
    const total = hour.requestsPerCycle.reduce((a, b) => a + b, 0);
    const perCycle = steady.length > 0 ? steady.reduce((a, b) => a + b, 0) / steady.length : 0;
    const throttled = hour.throttledPerCycle.reduce((a, b) => a + b, 0);
    lines.push('');
    lines.push(
      `(c) ${mode}: ${hour.cycles} one-minute cycles (emulated; 60 = the hour; time scale ${report.hourScale}x), ${hour.viewers} viewers refreshing ` +
        `and ${hour.rules} alert rules evaluating every minute`
    );
    lines.push(
      `    Graph requests: ${total} (cold load ${hour.requestsPerCycle[0]}, then ${perCycle.toFixed(1)} per cycle, ` +
        `max ${Math.max(0, ...steady)}); 429s ${throttled}; panels failed ${hour.panelsFailed}, rules failed ${hour.rulesFailed}; ` +
        `late cycles ${hour.lateCycles}`
    );
    lines.push(`    per cycle: ${hour.requestsPerCycle.join(' ')}`);
    hour.errors.forEach((e) => lines.push(`    error: ${e.slice(0, 200)}`));
    checks.push([`${mode}, hour: about one Graph request per refresh cycle (<= 1.5)`, perCycle <= 1.5]);
    checks.push([
      `${mode}, hour: no panel or rule failing, no 429`,
      hour.panelsFailed + hour.rulesFailed + throttled === 0,
    ]);
  }
}
