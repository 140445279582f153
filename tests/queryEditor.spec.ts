import { expect, test } from '@grafana/plugin-e2e';

import type { Page } from '@playwright/test';

import { CLIENT_ID, CLIENT_SECRET, EMULATOR_URL, TENANT_ID } from './emulator';

const PLUGIN_TYPE = 'auditlens-entraid-datasource';

/**
 * The frontend data source queries through Grafana's data proxy, not /api/ds/query, so the
 * plugin-e2e helpers that wait for /api/ds/query do not apply: wait for a proxied Graph page.
 */
function waitForGraphPage(page: Page) {
  return page.waitForResponse((response) => /\/api\/datasources\/proxy\/uid\/[^/]+\/msgraph\//.test(response.url()));
}

test.describe('query editor', () => {
  test('group by, a filter and the events format run queries that return audit events', async ({
    createDataSource,
    panelEditPage,
  }) => {
    const ds = await createDataSource({
      type: PLUGIN_TYPE,
      name: `Entra ID audit e2e ${Date.now()}`,
      jsonData: {
        cloud: 'custom',
        loginUrl: EMULATOR_URL,
        graphUrl: EMULATOR_URL,
        tenantId: TENANT_ID,
        clientId: CLIENT_ID,
      },
      secureJsonData: { clientSecret: CLIENT_SECRET },
    });
    await panelEditPage.datasource.set(ds.name);
    const row = panelEditPage.getQueryEditorRow('A');
    await expect(row.getByTestId('entraid-query-editor')).toBeVisible();

    await row.locator('#entraid-query-group-by').click();
    await panelEditPage.ctx.page.keyboard.type('Service');
    const groupByRun = waitForGraphPage(panelEditPage.ctx.page);
    await panelEditPage.ctx.page.keyboard.press('Enter');
    expect((await groupByRun).ok()).toBeTruthy();

    await row.getByTestId('entraid-query-add-filter').click();
    await row.locator('#entraid-filter-field-0').click();
    await panelEditPage.ctx.page.keyboard.type('Activity');
    await panelEditPage.ctx.page.keyboard.press('Enter');
    // A MultiCombobox: type, then click the option (its menu is portalled outside the row).
    const values = row.getByRole('combobox', { name: 'Filter 1 values' });
    await values.click();
    await values.fill('Add user');
    const page = panelEditPage.ctx.page;
    await page
      .getByRole('option')
      .filter({ has: page.getByText('Add user', { exact: true }) })
      .first()
      .click();
    await values.blur();

    await panelEditPage.setVisualization('Table');
    const eventsRun = waitForGraphPage(panelEditPage.ctx.page);
    await row.getByRole('radio', { name: 'Events table' }).click();
    expect((await eventsRun).ok()).toBeTruthy();
    await expect(panelEditPage.panel.data).toContainText(['Add user']);
  });
});
