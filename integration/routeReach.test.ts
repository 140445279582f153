import { RunningEmulator } from '../emulator';
import { rawGet } from '../tools/grafana-proxy/rawRequest';
import { GrafanaProxy, startGrafanaProxy } from '../tools/grafana-proxy/server';
import { emulatorSettings, startFastEmulator } from './harness';

/**
 * What a Viewer can reach through each token-bearing route this plugin can point at the emulator,
 * with paths a browser would never send (a Viewer with curl would). Grafana forwards whatever
 * follows the route's path verbatim; what it reaches depends on the front door: the emulator
 * routes on the path as received, or (`normalizePaths`) as a normalising front door might.
 */
interface ReachCase {
  title: string;
  route: string;
  suffix: string;
  /** What the stand-in sent upstream, as path after the emulator's origin; `<tenant>` is replaced. */
  forwarded: string;
  /** What the emulator served: its API and status, strict and normalising. */
  strict: { api: string; status: number };
  normalizing: { api: string; status: number; segment?: string };
}

const UP3 = '/%2e%2e/%2e%2e/%2e%2e';
const cases: ReachCase[] = [
  {
    title: 'v1.0 route, %2e%2e to /v1.0/users',
    route: 'msgraph/custom/v1.0/auditLogs/directoryAudits',
    suffix: '/%2e%2e/%2e%2e/users',
    forwarded: '/v1.0/auditLogs/directoryAudits/%2e%2e/%2e%2e/users',
    strict: { api: 'other', status: 404 },
    normalizing: { api: 'other', status: 404, segment: '/v1.0/users' },
  },
  {
    title: 'v1.0 route, %2E%2E and %2F to the emulator inspection endpoint',
    route: 'msgraph/custom/v1.0/auditLogs/directoryAudits',
    suffix: '/%2E%2E%2F%2E%2E%2F%2E%2E%2F_emulator/counts',
    forwarded: '/v1.0/auditLogs/directoryAudits/%2E%2E%2F%2E%2E%2F%2E%2E%2F_emulator/counts',
    strict: { api: 'other', status: 404 },
    normalizing: { api: 'control', status: 200 },
  },
  {
    title: 'beta route, a raw backslash (escaped by Grafana to %5C) to the v1.0 audits',
    route: 'msgraph/custom/beta/auditLogs/directoryAudits',
    suffix: '/..\\..\\..\\v1.0\\auditLogs\\directoryAudits',
    forwarded: '/beta/auditLogs/directoryAudits/..%5C..%5C..%5Cv1.0%5CauditLogs%5CdirectoryAudits',
    // Strict: one odd segment after directoryAudits, looked up as an event id that does not exist.
    strict: { api: 'graph', status: 404 },
    normalizing: { api: 'graph', status: 200 },
  },
  {
    title: 'v1.0 route, ;%2f path parameter to the token endpoint path',
    route: 'msgraph/custom/v1.0/auditLogs/directoryAudits',
    suffix: ';%2f..%2f..%2f..%2f..%2f<tenant>%2foauth2%2fv2.0%2ftoken',
    forwarded: '/v1.0/auditLogs/directoryAudits/;%2f..%2f..%2f..%2f..%2f<tenant>%2foauth2%2fv2.0%2ftoken',
    strict: { api: 'graph', status: 404 },
    // The front door lets the GET reach the token path; the token endpoint refuses it (no form).
    normalizing: { api: 'token', status: 400 },
  },
  {
    title: 'v1.0 route, double encoding stays one segment even on a normalising front door',
    route: 'msgraph/custom/v1.0/auditLogs/directoryAudits',
    suffix: '/%252e%252e/%252e%252e/%252e%252e/_emulator/counts',
    forwarded: '/v1.0/auditLogs/directoryAudits/%252e%252e/%252e%252e/%252e%252e/_emulator/counts',
    strict: { api: 'other', status: 404 },
    normalizing: { api: 'other', status: 404 },
  },
  {
    title: 'legacy route, %2e%2e to the emulator inspection endpoint',
    route: 'legacy/custom/activities/audit',
    suffix: `${UP3}/_emulator/counts`,
    forwarded: `/<tenant>/activities/audit${UP3}/_emulator/counts`,
    strict: { api: 'other', status: 404 },
    normalizing: { api: 'control', status: 200 },
  },
];

describe.each([
  ['strict', false],
  ['normalizing', true],
] as const)('what a Viewer reaches through the routes, emulator front door %s', (mode, normalizePaths) => {
  let emulator: RunningEmulator;
  let proxy: GrafanaProxy;

  beforeAll(async () => {
    emulator = await startFastEmulator({ inspection: true, normalizePaths, throttle: false });
    proxy = await startGrafanaProxy({
      datasource: {
        uid: 'entra',
        id: 1,
        url: '',
        jsonData: emulatorSettings(emulator, { legacyGraphUrl: emulator.httpUrl }),
        secureJsonData: { clientSecret: emulator.clientSecret },
      },
    });
  });

  afterAll(async () => {
    await proxy.close();
    await emulator.close();
  });

  it.each(cases)('$title', async (c) => {
    const tenant = (text: string) => text.replace('<tenant>', emulator.tenantId);
    emulator.reset();
    const answer = await rawGet(proxy.url, `/api/datasources/proxy/uid/entra/${c.route}${tenant(c.suffix)}`);
    const served = emulator.requestLog().filter((r) => r.api !== 'token' || r.method !== 'POST');
    expect(proxy.accessLog.at(-1)?.upstream).toBe(`${emulator.httpUrl}${tenant(c.forwarded)}`);
    const expected = mode === 'strict' ? c.strict : c.normalizing;
    expect(served.map((r) => ({ api: r.api, status: r.status }))).toEqual([
      { api: expected.api, status: expected.status },
    ]);
    expect(answer.status).toBe(expected.status);
    if ('segment' in expected && expected.segment) {
      expect(JSON.parse(answer.body).error.message).toContain(`'${expected.segment}'`);
    }
    expect(answer.body).not.toContain(emulator.clientSecret);
  });
});
