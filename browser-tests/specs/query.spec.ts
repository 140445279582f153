import { Page } from 'playwright-core';

import { check, expectLoaded, expectText, waitForHost } from '../runner/expect';
import type { BrowserTest } from '../runner/browserTest';
import { readmeImage } from '../runner/readmeImages';
import { addValue, expectNoSecretsReachedPage, selectOption } from './steps';

interface EmittedQuery {
  refId: string;
  format: string;
  groupBy: string;
  filters: Array<{ field: string; operator: string; values: string[] }>;
  rawFilter?: string;
}

/** Waits for the editor to emit a query that satisfies `predicate`; fails with the last one. */
async function expectEmitted(page: Page, what: string, predicate: (query: EmittedQuery) => boolean) {
  const emitted = await waitForHost<EmittedQuery[]>(
    page,
    'emitted',
    (all) => all.length > 0 && predicate(all[all.length - 1]),
    `the QueryEditor did not emit a query where ${what}`
  );
  return emitted[emitted.length - 1];
}

async function runCount(page: Page): Promise<number> {
  return (await page.evaluate('window.__host.runQueryCalls')) as number;
}

export const querySpecs: BrowserTest[] = [
  {
    name: 'query: group by, a filter with a template variable, $filter and format reach the emitted query',
    async run(context) {
      const page = await context.open('query');
      await expectLoaded(page);

      await selectOption(page, 'entraid-query-group-by', 'Category');
      await expectEmitted(page, 'groupBy is category', (q) => q.groupBy === 'category' && q.format === 'timeSeries');
      check((await runCount(page)) >= 1, 'changing group by did not run the query');

      await page.getByTestId('entraid-query-add-filter').click();
      await expectEmitted(page, 'one filter row exists', (q) => q.filters.length === 1);
      await selectOption(page, 'entraid-filter-field-0', 'Activity');
      await expectEmitted(page, 'the filter is on activity', (q) => q.filters[0]?.field === 'activity');
      await addValue(page, 'Filter 1 values', '$activity');
      const withVariable = await expectEmitted(
        page,
        'the filter holds $activity',
        (q) => q.filters[0]?.values.join() === '$activity'
      );
      check(withVariable.filters[0].operator === 'eq', `operator ${withVariable.filters[0].operator}`);
      check(withVariable.groupBy === 'category', 'adding a filter lost the group by');

      await page.locator('#entraid-query-raw-filter').fill("loggedByService eq 'Core Directory'");
      await page.locator('#entraid-query-raw-filter').blur();
      await expectEmitted(
        page,
        "rawFilter is loggedByService eq 'Core Directory'",
        (q) => q.rawFilter === "loggedByService eq 'Core Directory'"
      );

      const runsBefore = await runCount(page);
      await page.getByRole('radio', { name: 'Events table' }).click();
      const final = await expectEmitted(page, 'format is events', (q) => q.format === 'events');
      check((await runCount(page)) > runsBefore, 'switching format did not run the query');
      check(
        final.filters.length === 1 && final.rawFilter === "loggedByService eq 'Core Directory'",
        'switching format lost the filters'
      );

      // The run that follows: $activity interpolated into Graph's $filter, results drawn by @grafana/ui's Table.
      await waitForHost<{ state: string; frames: Array<{ rows: number }> } | null>(
        page,
        "panels['Panel preview']",
        (panel) => panel !== null && panel.state === 'Done' && (panel.frames[0]?.rows ?? 0) > 0,
        'the preview never got events'
      );
      const sent = context.host.proxy.accessLog
        .map((r) => decodeURIComponent((r.upstream ?? '').replace(/\+/g, ' ')))
        .join('\n');
      check(
        /activityDisplayName eq 'Add user'/.test(sent),
        `$activity was not interpolated into the request:\n${sent}`
      );
      check(!sent.includes('$activity'), 'the raw variable reached Microsoft Graph');
      const table = await expectText(page.getByTestId('host-table'), /Add user/);
      check(!/Delete user/.test(table), 'the table shows an activity the filter excludes');
      expectNoSecretsReachedPage(context);
    },
  },
  {
    name: 'query: the editor and its results render in both themes (README images)',
    async run(context) {
      for (const theme of ['light', 'dark'] as const) {
        const page = await context.open('query', theme);
        await expectLoaded(page);
        await selectOption(page, 'entraid-query-group-by', 'Service');
        await page.getByTestId('entraid-query-add-filter').click();
        await selectOption(page, 'entraid-filter-field-0', 'Activity');
        await addValue(page, 'Filter 1 values', 'Add user');
        await expectEmitted(page, 'the filter holds Add user', (q) => q.filters[0]?.values.join() === 'Add user');
        await waitForHost<{ state: string; frames: Array<{ name?: string }> } | null>(
          page,
          "panels['Panel preview']",
          (panel) => panel?.state === 'Done' && panel.frames.length === 1,
          'the preview never showed the one service that logs Add user'
        );
        // Add user is logged by Core Directory only: one series, in the legend drawn by @grafana/ui.
        const legend = await expectText(page.getByTestId('host-graph'), /Core Directory/);
        check(!/Invited Users|PIM/.test(legend), `the graph shows services the filter excludes: ${legend}`);
        await readmeImage(page, `query-editor-${theme}`);
        await page.close();
      }
    },
  },
];
