import { DEMO_CLIENT_ID, NO_AUDIT_CLIENT_ID, NO_AUDIT_CLIENT_SECRET } from '../../emulator';
import { check, expectLoaded, expectText, expectVisible } from '../runner/expect';
import { emulatorCaCert, emulatorHttpsUrl, type TestContext } from '../runner/harness';
import { selectors } from '../../src/components/selectors';
import type { BrowserTest } from '../runner/browserTest';
import { readmeImage } from '../runner/readmeImages';
import { expectNoSecretsReachedPage, saveAndTest, selectOption } from './steps';
import type { AuditSecureSettings } from '../../src/core/model/settings';

const WRONG_SECRET = 'not-the-demo-secret-7f3a';

interface EmittedSettings {
  jsonData: Record<string, unknown>;
  secureJsonData?: AuditSecureSettings;
}

async function lastOptions(context: TestContext, page: import('playwright-core').Page): Promise<EmittedSettings> {
  const changes = (await page.evaluate('JSON.parse(JSON.stringify(window.__host.optionChanges))')) as EmittedSettings[];
  check(changes.length > 0, 'the ConfigEditor never called onOptionsChange');
  return changes[changes.length - 1];
}

async function expectLastStatus(page: import('playwright-core').Page, status: string) {
  const results = (await page.evaluate('window.__host.testResults')) as Array<{ status: string }>;
  check(results[results.length - 1]?.status === status, `Save & test answered ${JSON.stringify(results)}`);
}

/** The client secret's Reset button (the CA certificate has its own). */
function secretReset(page: import('playwright-core').Page) {
  return page
    .locator('#entraid-config-client-secret')
    .locator('xpath=ancestor::div[.//button][1]')
    .getByRole('button', { name: 'Reset' });
}

/** Turns "With CA Cert" on as a user does: a click on the switch (its label covers the checkbox). */
async function turnOnCustomCa(page: import('playwright-core').Page) {
  await page.getByTestId(selectors.config.customCa).locator('xpath=following-sibling::label[1]').click();
}

/** Replaces the configured secret as an admin does: Reset, then type the new one. */
async function replaceSecret(page: import('playwright-core').Page, secret: string) {
  await secretReset(page).click();
  await page.locator('#entraid-config-client-secret').fill(secret);
}

export const configSpecs: BrowserTest[] = [
  {
    name: 'config: a new data source filled in by hand is saved and Save & test reports success',
    async run(context) {
      const { host, emulator } = context;
      const httpsUrl = emulatorHttpsUrl(emulator);
      const caCert = emulatorCaCert(emulator);
      host.reset({ ...context.demoDataSource(), jsonData: {}, secureJsonData: {} });
      for (const theme of ['light', 'dark'] as const) {
        const page = await context.open('config', theme);
        await expectLoaded(page);
        await selectOption(page, 'entraid-config-cloud', 'Custom endpoints');
        // As an admin sets up the emulator: its HTTPS listener, its CA trusted with "With CA Cert".
        await page.locator('#entraid-config-login-url').fill(httpsUrl);
        await page.locator('#entraid-config-graph-url').fill(httpsUrl);
        await turnOnCustomCa(page);
        await page.locator('#entraid-config-ca-certificate').fill(caCert);
        await page.locator('#entraid-config-tenant-id').fill(emulator.tenantId);
        await page.locator('#entraid-config-client-id').fill(DEMO_CLIENT_ID);
        await page.locator('#entraid-config-client-secret').fill(emulator.clientSecret);

        const emitted = await lastOptions(context, page);
        check(emitted.jsonData.cloud === 'custom', `cloud is ${emitted.jsonData.cloud}`);
        check(emitted.jsonData.loginUrl === httpsUrl, `loginUrl is ${emitted.jsonData.loginUrl}`);
        check(emitted.jsonData.graphUrl === httpsUrl, `graphUrl is ${emitted.jsonData.graphUrl}`);
        check(emitted.jsonData.tlsAuthWithCACert === true, `tlsAuthWithCACert is ${emitted.jsonData.tlsAuthWithCACert}`);
        check(emitted.secureJsonData?.tlsCACert === caCert, 'the CA certificate did not reach secureJsonData.tlsCACert');
        check(emitted.jsonData.tenantId === emulator.tenantId, `tenantId is ${emitted.jsonData.tenantId}`);
        check(emitted.jsonData.clientId === DEMO_CLIENT_ID, `clientId is ${emitted.jsonData.clientId}`);
        check(!('clientSecret' in emitted.jsonData), 'the secret was put in jsonData, which every viewer can read');
        // A new data source starts in Server mode, whose secret no proxy route templates.
        check(emitted.jsonData.queryMode === 'server', `queryMode is ${emitted.jsonData.queryMode}`);
        check(
          emitted.secureJsonData?.backendClientSecret === emulator.clientSecret &&
            emitted.secureJsonData?.clientSecret === undefined,
          'the secret did not reach secureJsonData.backendClientSecret (and only there)'
        );

        // The Go backend says "Connected to tenant <id>"; the route probe "Connected to tenant <id> (...)".
        await saveAndTest(page, new RegExp(`Connected to tenant ${emulator.tenantId}`));
        await expectLastStatus(page, 'success');
        check(
          host.saved().secureJsonData.backendClientSecret === emulator.clientSecret,
          'the server did not store the secret'
        );
        check(host.saved().secureJsonData.tlsCACert === caCert, 'the server did not store the CA certificate');
        // After saving, the editor shows the stored secret as configured, never its value.
        await expectVisible(secretReset(page), 'the configured secret with its Reset button');
        check(!(await page.content()).includes(emulator.clientSecret), 'the saved secret is still in the page');
        await readmeImage(page, `config-${theme}`);
        await page.close();
        host.reset({ ...context.demoDataSource(), jsonData: {}, secureJsonData: {} });
      }
      expectNoSecretsReachedPage(context);
    },
  },
  {
    name: 'config: Save & test through the data proxy alone (no backend) succeeds for the demo app',
    async run(context) {
      context.host.setBackendRunning(false);
      const page = await context.open('config');
      const shown = await saveAndTest(page, /directory audits are readable through Grafana's proxy/);
      check(/the newest event is from \d{4}-/.test(shown), `the newest event is not reported: ${shown}`);
      await expectLastStatus(page, 'success');
      const probes = context.host.proxy.accessLog.filter((r) => r.route);
      check(probes.length > 0, 'no request went through the data proxy route');
      expectNoSecretsReachedPage(context);
    },
  },
  {
    name: 'config: a wrong secret shows the generic authentication message when only the proxy can answer',
    async run(context) {
      context.host.setBackendRunning(false);
      const page = await context.open('config');
      await replaceSecret(page, WRONG_SECRET);
      const shown = await saveAndTest(page, /Authentication failed/);
      check(/did not issue a token/.test(shown), `no explanation of the failed token: ${shown}`);
      check(/AADSTS7000215/.test(shown) && /AADSTS700016/.test(shown), `the likely causes are not listed: ${shown}`);
      await context.screenshot(page, 'config-wrong-secret-dark');
      expectNoSecretsReachedPage(context, [WRONG_SECRET]);
    },
  },
  {
    name: "config: a wrong secret shows Entra's exact code when the Go backend's CheckHealth answers",
    async run(context) {
      check(context.backendAvailable, 'the Go health server was not built (is Go installed?)');
      const page = await context.open('config');
      await replaceSecret(page, WRONG_SECRET);
      const shown = await saveAndTest(page, /AADSTS7000215/);
      check(/step: token/.test(shown), `the failed step is not named: ${shown}`);
      expectNoSecretsReachedPage(context, [WRONG_SECRET]);
    },
  },
  {
    name: 'config: an app without AuditLog.Read.All gets the permission message, by proxy and by backend',
    async run(context) {
      for (const backend of [false, true]) {
        if (backend && !context.backendAvailable) {
          throw new Error('the Go health server was not built (is Go installed?)');
        }
        context.host.reset(context.demoDataSource({ clientId: NO_AUDIT_CLIENT_ID }, NO_AUDIT_CLIENT_SECRET));
        context.host.setBackendRunning(backend);
        const page = await context.open('config', backend ? 'dark' : 'light');
        const shown = await saveAndTest(page, /AuditLog\.Read\.All/);
        check(/admin consent/i.test(shown), `the fix (grant admin consent) is not given: ${shown}`);
        if (!backend) {
          check(
            /missing the Microsoft Graph application permission/.test(shown),
            `not the permission message: ${shown}`
          );
          await context.screenshot(page, 'config-missing-permission-light');
        }
        await page.close();
      }
      expectNoSecretsReachedPage(context);
    },
  },
  {
    name: 'config: a plain-http login URL off this machine is refused in the form, with the fix',
    async run(context) {
      const page = await context.open('config');
      await page.locator('#entraid-config-login-url').fill('http://login.example.org');
      await expectText(
        page.locator('body'),
        /Login URL carries the client secret or tokens, so it must use https:\/\//
      );
    },
  },
];
