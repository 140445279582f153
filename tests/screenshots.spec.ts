import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { expect, test } from '@grafana/plugin-e2e';
import type { Page } from '@playwright/test';

/**
 * Release screenshots from a real Grafana: the demo stack's provisioned dashboard, data source and
 * query editor, light and dark. .github/workflows/demo.yml sets SCREENSHOT_DIR on releases and
 * attaches the files; elsewhere (e2e.yml) these tests are skipped. They complement, not replace,
 * the README's harness renders (browser-tests/), which every test run rewrites.
 */
const OUT = process.env.SCREENSHOT_DIR;
/** The demo stack's provisioned data source (provisioning/datasources) and dashboard (provisioning/dashboards). */
const DATASOURCE_UID = 'entra-audit-emulator';
const DASHBOARD_UID = 'entra-audit-overview';
const PANEL_TITLES = [
  'Audit activity by type',
  'Failed operations',
  'Failures over time by activity',
  'Top activities',
  'Top initiators',
  'Targets by type',
  'Audit events',
  'Audit log stream',
];

async function useTheme(page: Page, theme: 'light' | 'dark') {
  const response = await page.request.put('/api/user/preferences', { data: { theme } });
  expect(response.ok(), `setting the ${theme} theme answered ${response.status()}`).toBeTruthy();
}

async function capture(page: Page, name: string) {
  mkdirSync(OUT!, { recursive: true });
  await page.screenshot({ path: path.join(OUT!, `${name}.png`), fullPage: true });
}

test.describe('release screenshots (real Grafana)', () => {
  test.skip(!OUT, 'set SCREENSHOT_DIR to capture release screenshots (demo workflow)');
  // Tall enough for the whole dashboard: Grafana scrolls inside its own container, not the page.
  test.use({ viewport: { width: 1600, height: 2100 } });

  for (const theme of ['light', 'dark'] as const) {
    test(`dashboard, data source settings and query editor, ${theme}`, async ({
      page,
      gotoDashboardPage,
      gotoDataSourceConfigPage,
      gotoPanelEditPage,
    }) => {
      await useTheme(page, theme);

      await gotoDashboardPage({ uid: DASHBOARD_UID });
      for (const title of PANEL_TITLES) {
        await expect(page.getByText(title, { exact: true }).first()).toBeVisible();
      }
      await page.waitForLoadState('networkidle');
      await capture(page, `grafana-dashboard-${theme}`);

      await gotoDataSourceConfigPage(DATASOURCE_UID);
      await expect(page.locator('#entraid-config-tenant-id')).toBeVisible();
      await capture(page, `grafana-config-${theme}`);

      const edit = await gotoPanelEditPage({ dashboard: { uid: DASHBOARD_UID }, id: '1' });
      await expect(edit.getQueryEditorRow('A').getByTestId('entraid-query-editor')).toBeVisible();
      await page.waitForLoadState('networkidle');
      await capture(page, `grafana-query-editor-${theme}`);
    });
  }
});
