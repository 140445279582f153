/**
 * `npx tsx bench/browsers.ts` (not a test): N browsers open the benchmark dashboard at once, each
 * with its own DataSource (its own scheduler and cache), one app registration, behind one Grafana
 * proxy stand-in, against the tenant emulator's throttle (5 report requests per 10 s, shared by all).
 * Per N: panels completed, panels failed, emulated seconds until the last panel, requests and 429s.
 * Options: --browsers 1,2,5,10  --scale N (emulator time scale, default 8)  --events-per-day N.
 */
import { countRequests } from './dashboardLoad';
import { openInBrowsers, PanelEnd, startBenchEmulator } from './viewers';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const BROWSERS = option('--browsers', '1,2,5,10').split(',').map(Number);
const SCALE = Number(option('--scale', '8'));
const EVENTS_PER_DAY = Number(option('--events-per-day', '7150'));

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
  const emulator = await startBenchEmulator(SCALE, EVENTS_PER_DAY);
  try {
    const startedAt = emulator.now();
    const panels: PanelEnd[] = (await openInBrowsers(emulator, browsers)).flat();
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
    await emulator.close();
  }
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
