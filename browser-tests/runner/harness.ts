import path from 'node:path';
import { Browser, BrowserContext, chromium, ConsoleMessage, Page } from 'playwright-core';

import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, RunningEmulator, startEmulator } from '../../emulator';
import { BackendHealth, startBackendHealth } from '../host/healthBackend';
import { SavedDataSource } from '../host/savedDataSource';
import { startTestHost, TestHost } from '../host/server';

/** Debian's Chromium; see docs/reference/toolchain.md §4 for why these flags. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface HarnessOptions {
  pluginDir: string;
  pageDir: string;
  /** The Go health server; absent when Go was not available to build it. */
  healthBinary?: string;
  screenshotDir: string;
  executablePath: string;
}

/** Dashboard variables of the host page; the specs type `$activity` into the editor. */
export const VARIABLES = { activity: 'Add user', service: ['Core Directory', 'Invited Users'] };

/** What a test sees: the servers, a page factory, and what reached the page. */
export interface TestContext {
  host: TestHost;
  emulator: RunningEmulator;
  backendAvailable: boolean;
  /** The built plugin the host serves. */
  pluginDir: string;
  /** Opens the host on a view and theme and waits until the plugin has loaded or failed. */
  open(view: 'config' | 'query' | 'dashboard' | 'overview', theme?: 'light' | 'dark', extra?: string): Promise<Page>;
  screenshot(page: Page, name: string): Promise<string>;
  /** Console errors and page errors so far, except missing Grafana fonts/icons and failed API answers. */
  pageErrors(): string[];
  /** Every response body the page received so far. */
  responses(): Array<{ url: string; status: number; body: string }>;
  /** Settings for the demo app on the emulator's custom endpoints. */
  demoDataSource(overrides?: Partial<SavedDataSource['jsonData']>, secret?: string): SavedDataSource;
}

export class Harness {
  private browser?: Browser;
  private emulator?: RunningEmulator;
  private health?: BackendHealth;
  host?: TestHost;

  constructor(private options: HarnessOptions) {}

  async start(): Promise<void> {
    // A frozen tenant and no throttle: tests must not wait out Microsoft's 5-per-10-s budget.
    this.emulator = await startEmulator({ eventsPerDay: 2000, throttle: false, httpsPort: 0, seed: 42 });
    if (this.options.healthBinary) {
      this.health = await startBackendHealth(this.options.healthBinary);
    }
    this.host = await startTestHost({
      pluginDir: this.options.pluginDir,
      pageDir: this.options.pageDir,
      emulator: this.emulator,
      backendHealth: this.health,
      initial: demoDataSource(this.emulator),
      variables: VARIABLES,
    });
    this.browser = await chromium.launch({
      executablePath: this.options.executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  }

  /** A fresh browser context and data source for one test. */
  async context(): Promise<{ context: TestContext; close: () => Promise<void> }> {
    const host = this.host!;
    const emulator = this.emulator!;
    host.reset(demoDataSource(emulator));
    host.setBackendRunning(true);
    const browserContext: BrowserContext = await this.browser!.newContext({
      viewport: { width: 1280, height: 900 },
      deviceScaleFactor: 1,
    });
    const seen: PageRecord = { errors: [], responses: [], pending: [] };
    const context: TestContext = {
      host,
      emulator,
      backendAvailable: this.health !== undefined,
      pluginDir: this.options.pluginDir,
      async open(view, theme = 'dark', extra = '') {
        const page = await browserContext.newPage();
        watchPage(page, seen);
        await page.goto(`${host.url}/?view=${view}&theme=${theme}${extra}`);
        await page.waitForFunction(
          () => {
            const state = (window as unknown as { __host?: { ready: boolean; loadError?: string } }).__host;
            return Boolean(state && (state.ready || state.loadError));
          },
          undefined,
          { timeout: 20_000 }
        );
        return page;
      },
      screenshot: (page, name) => screenshotTo(this.options.screenshotDir, page, name),
      pageErrors: () => [...seen.errors],
      responses: () => [...seen.responses],
      demoDataSource: (overrides, secret) => demoDataSource(emulator, overrides, secret),
    };
    return {
      context,
      close: async () => {
        await Promise.all(seen.pending);
        await browserContext.close();
      },
    };
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await this.host?.close();
    await this.health?.close();
    await this.emulator?.close();
  }
}

/** What the pages of one test showed: errors the test did not expect and every response body. */
interface PageRecord {
  errors: string[];
  responses: Array<{ url: string; status: number; body: string }>;
  /** Response bodies still being read; awaited before the context closes. */
  pending: Array<Promise<void>>;
}

function watchPage(page: Page, seen: PageRecord): void {
  page.on('console', (message: ConsoleMessage) => {
    const url = message.location().url ?? '';
    // Grafana's fonts and a few core icons (spinner, circle-mono) are not in the npm packages;
    // an API's 4xx/5xx is an answer the tests assert on.
    const expected =
      message.text().startsWith('Failed to load resource') &&
      /\/public\/fonts\/|\/public\/build\/img\/icons\/|\/api\//.test(url);
    if (message.type() === 'error' && !expected) {
      seen.errors.push(`console.error: ${message.text()} (${message.location().url || 'no url'})`);
    }
  });
  page.on('pageerror', (error) => seen.errors.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    seen.pending.push(
      response
        .body()
        .then((body) => {
          seen.responses.push({ url: response.url(), status: response.status(), body: body.toString('utf8') });
        })
        .catch(() => undefined)
    );
  });
}

async function screenshotTo(dir: string, page: Page, name: string): Promise<string> {
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export function demoDataSource(
  emulator: RunningEmulator,
  overrides: Partial<SavedDataSource['jsonData']> = {},
  secret: string = DEMO_CLIENT_SECRET
): SavedDataSource {
  const httpsUrl = emulatorHttpsUrl(emulator);
  return {
    id: 1,
    name: 'Entra ID audit (emulator)',
    version: Date.now(),
    jsonData: {
      cloud: 'custom',
      // As an admin sets up the emulator: its HTTPS listener (the Azure Identity library signs in
      // over https only) and its private CA trusted through Grafana's "With CA Cert".
      loginUrl: httpsUrl,
      graphUrl: httpsUrl,
      tlsAuthWithCACert: true,
      tenantId: emulator.tenantId,
      clientId: DEMO_CLIENT_ID,
      // The client's pacing (Microsoft's 5 requests per 10 s) would make an editor test that runs
      // a query per change wait in real time; the emulator's throttle is off for the same reason.
      requestBudget: { requests: 100, perSeconds: 10 },
      ...overrides,
    },
    // As the config editor saves it: the secret bound to where it was entered for (README, Security).
    secureJsonData: {
      clientSecret: secret,
      clientSecretBinding: `custom|${new URL(httpsUrl).host}|${emulator.tenantId.toLowerCase()}`,
      tlsCACert: emulatorCaCert(emulator),
    },
  };
}

/** The emulator's HTTPS base URL; the harness starts it with an HTTPS listener. */
export function emulatorHttpsUrl(emulator: RunningEmulator): string {
  if (!emulator.httpsUrl) {
    throw new Error('the emulator was started without its HTTPS listener (httpsPort: false)');
  }
  return emulator.httpsUrl;
}

/** The emulator CA's certificate (PEM), which the data source trusts for the custom endpoints. */
export function emulatorCaCert(emulator: RunningEmulator): string {
  if (!emulator.caCertPem) {
    throw new Error('the emulator was started without its HTTPS listener, so it has no CA');
  }
  return emulator.caCertPem;
}
