import { expect, test } from '@grafana/plugin-e2e';
import type { Page } from '@playwright/test';

import {
  CLIENT_ID,
  CLIENT_SECRET,
  EMULATOR_URL,
  NO_AUDIT_CLIENT_ID,
  NO_AUDIT_CLIENT_SECRET,
  TENANT_ID,
} from './emulator';

const PLUGIN_TYPE = 'auditlens-entraid-datasource';

async function fillEmulatorSettings(page: Page, clientId: string, secret: string) {
  await page.locator('#entraid-config-cloud').click();
  await page.keyboard.type('Custom endpoints');
  await page.keyboard.press('Enter');
  await page.locator('#entraid-config-login-url').fill(EMULATOR_URL);
  await page.locator('#entraid-config-graph-url').fill(EMULATOR_URL);
  await page.locator('#entraid-config-tenant-id').fill(TENANT_ID);
  await page.locator('#entraid-config-client-id').fill(clientId);
  await page.locator('#entraid-config-client-secret').fill(secret);
}

test('smoke: the config editor renders its tenant fields', async ({ createDataSourceConfigPage, page }) => {
  await createDataSourceConfigPage({ type: PLUGIN_TYPE });
  await expect(page.getByText('Directory (tenant) ID')).toBeVisible();
  await expect(page.getByText('Application (client) ID')).toBeVisible();
  await expect(page.locator('#entraid-config-client-secret')).toBeVisible();
});

test('Save & test succeeds for the emulator demo app', async ({ createDataSourceConfigPage, page }) => {
  const configPage = await createDataSourceConfigPage({ type: PLUGIN_TYPE });
  await fillEmulatorSettings(page, CLIENT_ID, CLIENT_SECRET);
  await expect(configPage.saveAndTest()).toBeOK();
  await expect(configPage).toHaveAlert('success', { hasText: /Connected to tenant/ });
});

test('Save & test names the failing token step for a wrong secret', async ({ createDataSourceConfigPage, page }) => {
  const configPage = await createDataSourceConfigPage({ type: PLUGIN_TYPE });
  await fillEmulatorSettings(page, CLIENT_ID, 'not-the-demo-secret');
  await expect(configPage.saveAndTest()).not.toBeOK();
  await expect(configPage).toHaveAlert('error', { hasText: /AADSTS7000215|Authentication failed/ });
});

test('Save & test explains a missing AuditLog.Read.All permission', async ({ createDataSourceConfigPage, page }) => {
  const configPage = await createDataSourceConfigPage({ type: PLUGIN_TYPE });
  await fillEmulatorSettings(page, NO_AUDIT_CLIENT_ID, NO_AUDIT_CLIENT_SECRET);
  await expect(configPage.saveAndTest()).not.toBeOK();
  await expect(configPage).toHaveAlert('error', { hasText: /AuditLog\.Read\.All/ });
});
