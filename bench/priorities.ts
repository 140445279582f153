/**
 * `npx tsx bench/priorities.ts` (not a test): what query priorities buy, against the tenant emulator
 * (5 report requests per 10 s, 250 ms per page, a live tenant on a fast clock; times in emulated s).
 *
 * (a) Explore during a dashboard's cold load: the bench dashboard (6 panels, 7 days, 3 walks) starts,
 *     and 10 s later someone runs a 1-day logs query in Explore. Once as Explore, once labelled as
 *     one more dashboard panel: first-asked first, which is how every query was served before.
 * (b) Two tabs on one app registration: a hidden tab cold-loads the dashboard while the tab someone
 *     looks at loads the same dashboard 10 s later. Once with the hidden tab known to be hidden
 *     (background: one place of the window), once as if it were visible.
 *
 * Options: --scale N (default 8), --events-per-day N (default 3000).
 */
import '../tools/query-runner/browserEnvironment';

import { CoreApp, DataQueryRequest, DataSourceInstanceSettings, dateTime } from '@grafana/data';

import { RunningEmulator } from '../emulator';
import { emulatorClock } from '../integration/harness';
import { AuditQuery } from '../src/core/model/query';
import { AuditJsonData, DataSource } from '../src/datasource/DataSource';
import { HeadlessRig } from '../tools/query-runner/runHeadless';
import { DASHBOARD_DAYS } from './dashboard';
import { BenchDashboard, countRequests, runDashboard, startBenchDashboard } from './dashboardLoad';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
const SCALE = option('--scale', 8);
const EVENTS_PER_DAY = option('--events-per-day', 3_000);
const LATER_MS = 10_000;
const DAY = 86_400_000;

function start(): Promise<BenchDashboard> {
  return startBenchDashboard({ timeScale: SCALE, eventsPerDay: EVENTS_PER_DAY });
}

function request(
  rig: HeadlessRig,
  emulator: RunningEmulator,
  app: CoreApp,
  days: number,
  requestId: string,
  targets: AuditQuery[] = rig.request.targets
): DataQueryRequest<AuditQuery> {
  const raw = { from: `now-${days}d`, to: 'now' };
  const range = { from: dateTime(emulator.now() - days * DAY), to: dateTime(emulator.now()), raw };
  return { ...rig.request, app, requestId, targets, range, rangeRaw: raw };
}

/** Emulated seconds from now until `run` settles. */
async function timed(emulator: RunningEmulator, run: () => Promise<unknown>): Promise<number> {
  const startedAt = emulator.now();
  await run();
  return (emulator.now() - startedAt) / 1000;
}

async function exploreDuringDashboard(exploreApp: CoreApp) {
  const { emulator, rig } = await start();
  try {
    const startedAt = emulator.now();
    const dashboard = timed(emulator, () =>
      runDashboard(rig, request(rig, emulator, CoreApp.Dashboard, DASHBOARD_DAYS, 'dashboard'))
    );
    await emulatorClock(emulator).sleep(LATER_MS);
    const logs: AuditQuery = { refId: 'X', format: 'logs', groupBy: 'activity', filters: [] };
    const explore = await timed(emulator, () =>
      runDashboard(rig, request(rig, emulator, exploreApp, 1, 'explore', [logs]))
    );
    const dashboardSeconds = await dashboard;
    return { explore, dashboard: dashboardSeconds, ...countRequests(emulator, startedAt) };
  } finally {
    await rig.close();
    await emulator.close();
  }
}

async function twoTabs(hiddenTabKnown: boolean) {
  const { emulator, rig, jsonData } = await start();
  // A second tab: its own DataSource instance (scheduler, walks, cache), the same app registration.
  const hiddenTab = new DataSource(tabSettings(jsonData), {
    clock: emulatorClock(emulator),
    documentHidden: () => hiddenTabKnown,
  });
  try {
    const startedAt = emulator.now();
    const hidden = timed(emulator, () =>
      runDashboard(
        { ...rig, datasource: hiddenTab },
        request(rig, emulator, CoreApp.Dashboard, DASHBOARD_DAYS, 'hidden')
      )
    );
    await emulatorClock(emulator).sleep(LATER_MS);
    const visible = await timed(emulator, () =>
      runDashboard(rig, request(rig, emulator, CoreApp.Dashboard, DASHBOARD_DAYS, 'visible'))
    );
    const hiddenSeconds = await hidden;
    return { visible, hidden: hiddenSeconds, ...countRequests(emulator, startedAt) };
  } finally {
    await rig.close();
    await emulator.close();
  }
}

function tabSettings(jsonData: AuditJsonData): DataSourceInstanceSettings<AuditJsonData> {
  return {
    id: 1,
    uid: 'entra-audit',
    type: 'auditlens-entraid-datasource',
    name: 'Entra ID audit logs',
    access: 'proxy',
    url: '/api/datasources/proxy/uid/entra-audit',
    jsonData,
    readOnly: false,
    meta: { id: 'auditlens-entraid-datasource', name: 'Entra ID audit logs', type: 'datasource', info: {}, module: '' },
  } as unknown as DataSourceInstanceSettings<AuditJsonData>;
}

async function main(): Promise<void> {
  console.log(
    `Emulator: 5 requests per 10 s, 250 ms per page, ${EVENTS_PER_DAY} events a day, time scale ${SCALE}x; emulated s\n`
  );
  console.log('(a) Explore (1-day logs) asked 10 s into a dashboard cold load (6 panels, 7 days)');
  console.log('    Explore served as          Explore done   dashboard done   requests   429s');
  for (const [label, app] of [
    ['Explore (priorities)', CoreApp.Explore],
    ['a dashboard panel (before)', CoreApp.Dashboard],
  ] as const) {
    const row = await exploreDuringDashboard(app);
    console.log(
      `    ${label.padEnd(26)} ${row.explore.toFixed(1).padStart(12)} ${row.dashboard.toFixed(1).padStart(16)} ${String(row.requests).padStart(10)} ${String(row.throttled).padStart(6)}`
    );
  }
  console.log(
    '\n(b) Two tabs, one app registration: a hidden tab cold-loads the dashboard, the visible one 10 s later'
  );
  console.log('    hidden tab treated as      visible done   hidden done   requests   429s');
  for (const [label, known] of [
    ['hidden (background)', true],
    ['visible (before)', false],
  ] as const) {
    const row = await twoTabs(known);
    console.log(
      `    ${label.padEnd(26)} ${row.visible.toFixed(1).padStart(12)} ${row.hidden.toFixed(1).padStart(13)} ${String(row.requests).padStart(10)} ${String(row.throttled).padStart(6)}`
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
