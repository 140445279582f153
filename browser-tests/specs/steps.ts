import { Page } from 'playwright-core';

import { EXPIRED_CLIENT_SECRET, NO_AUDIT_CLIENT_SECRET } from '../../emulator';
import { check, expectText, expectVisible } from '../runner/expect';
import type { TestContext } from '../runner/harness';

/** Grafana's e2e selector for the Save & test result. */
export const TEST_RESULT = 'data-testid Data source settings page Alert';

/** Picks an option of a @grafana/ui Combobox by its input id, as a person would: open, type, Enter. */
export async function selectOption(page: Page, inputId: string, text: string): Promise<void> {
  const input = page.locator(`#${inputId}`);
  await input.click();
  await input.fill(text);
  await expectVisible(page.getByRole('option', { name: new RegExp(text, 'i') }), `the "${text}" option`);
  await input.press('Enter');
}

/**
 * Adds a value to a @grafana/ui MultiCombobox found by its accessible name, as a person would: type
 * it, then click it in the menu (a known option, a dashboard variable, or the typed text offered as a
 * custom value). Typing clears nothing already picked.
 */
export async function addValue(page: Page, name: string, text: string): Promise<void> {
  const input = page.getByRole('combobox', { name });
  await input.click();
  await input.fill(text);
  const option = page.getByRole('option').filter({ has: page.getByText(text, { exact: true }) });
  await expectVisible(option, `the "${text}" option of ${name}`);
  await option.first().click();
  await input.blur();
}

/** Clicks Save & test and returns the result alert's text once it shows. */
export async function saveAndTest(page: Page, expected: RegExp): Promise<string> {
  await page.getByRole('button', { name: 'Save & test' }).click();
  return expectText(page.getByTestId(TEST_RESULT), expected, 25_000);
}

/**
 * Nothing that reached the page carries a token or a client secret: every response body Chromium
 * received, and every API answer the host sent. `extraSecrets` are secrets a test typed.
 */
export function expectNoSecretsReachedPage(context: TestContext, extraSecrets: string[] = []): void {
  const secrets = [context.emulator.clientSecret, NO_AUDIT_CLIENT_SECRET, EXPIRED_CLIENT_SECRET, ...extraSecrets];
  // Static files (module.js names access_token in its redaction rules) are not answers.
  const bodies = [
    ...context
      .responses()
      .filter((r) => new URL(r.url).pathname.startsWith('/api/'))
      .map((r) => ({ where: `response ${r.url}`, body: r.body })),
    ...context.host.served.map((r) => ({ where: `host answer ${r.url}`, body: r.body })),
  ];
  check(bodies.length > 0, 'no response was recorded, so the secret check would prove nothing');
  for (const { where, body } of bodies) {
    check(!/access_token/i.test(body), `${where} contains "access_token"`);
    check(!/\beyJ[\w-]{10,}\.[\w-]{10,}\./.test(body), `${where} contains something shaped like a JWT`);
    for (const secret of secrets) {
      check(!body.includes(secret), `${where} contains a client secret`);
    }
  }
}
