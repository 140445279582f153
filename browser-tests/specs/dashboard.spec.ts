import { check, expectLoaded, expectText, expectVisible, waitForHost } from '../runner/expect';
import type { BrowserTest } from '../runner/browserTest';
import { expectNoSecretsReachedPage } from './steps';

interface PanelRecord {
  state: string;
  range: { from: number; to: number };
  frames: Array<{ name?: string; rows: number; fields: string[]; type?: string }>;
  errors: string[];
}

async function panelDone(page: import('playwright-core').Page, title: string): Promise<PanelRecord> {
  return waitForHost<PanelRecord | null>(
    page,
    `panels[${JSON.stringify(title)}]`,
    (panel) => panel !== null && (panel.state === 'Done' || panel.state === 'Error'),
    `panel "${title}" never finished`,
    30_000
  ) as Promise<PanelRecord>;
}

export const dashboardSpecs: BrowserTest[] = [
  {
    name: 'dashboard: counts per activity as a graph, events as a table, a variable-filtered summary',
    async run(context) {
      for (const theme of ['dark', 'light'] as const) {
        const page = await context.open('dashboard', theme);
        await expectLoaded(page);

        const series = await panelDone(page, 'Directory changes per activity');
        check(series.state === 'Done', `the time series panel failed: ${series.errors.join('; ')}`);
        check(series.frames.length > 1, `expected a series per activity, got ${series.frames.length} frame(s)`);
        check(
          series.frames.length <= 7,
          `topN 6 should leave at most 6 series and "other", got ${series.frames.length}`
        );
        const graph = page.getByTestId('host-panel-Directory changes per activity');
        await expectVisible(graph.locator('canvas'), 'the uPlot canvas of the time series');
        await expectText(graph, /Add user|Update user|other/);

        const events = await panelDone(page, 'Audit events');
        check(events.state === 'Done', `the events panel failed: ${events.errors.join('; ')}`);
        // 12 hours at ~2000 events a day is more than one 1000-event page: every nextLink was walked,
        // and the table holds exactly the tenant's events in the range, none lost or counted twice.
        check(events.frames[0].rows > 1000, `expected more than one page of events, got ${events.frames[0].rows}`);
        const truth = context.emulator.groundTruth({ from: events.range.from, to: events.range.to });
        check(
          events.frames[0].rows === truth.total,
          `the table has ${events.frames[0].rows} events, the tenant logged ${truth.total} in that range`
        );
        const pages = context.host.proxy.accessLog.filter((r) => /skiptoken/i.test(r.upstream ?? ''));
        check(pages.length > 0, 'no @odata.nextLink page was requested through the proxy');
        await expectText(page.getByTestId('host-panel-Audit events'), /Core Directory|UserManagement/);

        const summary = await panelDone(page, 'Outcomes of $activity');
        check(summary.state === 'Done', `the summary panel failed: ${summary.errors.join('; ')}`);
        await expectText(page.getByTestId('host-panel-Outcomes of $activity'), /Outcomes of Add user/);
        await expectText(page.getByTestId('host-panel-Outcomes of $activity'), /success/i);

        check(context.pageErrors().length === 0, `errors in the page:\n${context.pageErrors().join('\n')}`);
        await context.screenshot(page, `dashboard-${theme}`);
        await page.close();
      }
      expectNoSecretsReachedPage(context);
    },
  },
];
