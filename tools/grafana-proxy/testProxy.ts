import http from 'node:http';

import { ManualClock } from '../../src/core/time/manualClock';
import { PluginRoute } from './routes';
import { GrafanaProxy, startGrafanaProxy } from './server';
import { ArrivedRequest, startFakeUpstream } from './testUpstream';

// The stand-in's test bed: a fake Graph and token endpoint, proxies started against it, and a raw
// client that records every answer so the suite can prove none carries the secret or a token.

export const SECRET = 'proxy-test-secret-~!@#';
export const TOKEN = 'eyJ0eXAi.stand-in-access-token.sig';
export const START = Date.parse('2026-11-20T12:00:00Z');

type Fake = Awaited<ReturnType<typeof startFakeUpstream>>;

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function graphRoute(overrides: Partial<PluginRoute> = {}): PluginRoute {
  return {
    path: 'msgraph-v1',
    method: 'GET',
    url: '{{ .JsonData.graphUrl }}/v1.0/auditLogs/directoryAudits?fromRouteUrl=dropped',
    tokenAuth: {
      url: '{{ .JsonData.loginUrl }}/{{ .JsonData.tenantId }}/oauth2/v2.0/token',
      scopes: ['ignored-by-generic-provider'],
      params: {
        grant_type: 'client_credentials',
        client_id: '{{ .JsonData.clientId }}',
        client_secret: '{{ .SecureJsonData.clientSecret }}',
        scope: '{{ .JsonData.graphUrl }}/.default',
      },
    },
    ...overrides,
  };
}

/** Registers the hooks of a describe block and returns the bed its tests use (fields change per test). */
export function useProxyTestBed() {
  const seenByClient: RawResponse[] = [];
  let proxies: GrafanaProxy[] = [];
  const bed = {
    fake: undefined as unknown as Fake,
    clock: new ManualClock(START),
    tokenAnswer: (): { status: number; body: string } => ({ status: 200, body: '' }),
    graphArrivals: () => bed.fake.arrived.filter((r) => !r.url.includes('/oauth2/')),
    tokenArrivals: () => bed.fake.arrived.filter((r) => r.url.includes('/oauth2/')),
    proxyWith: async (routes: PluginRoute[], extra: Partial<Parameters<typeof startGrafanaProxy>[0]> = {}) => {
      const proxy = await startGrafanaProxy({
        routes,
        clock: bed.clock,
        timeoutMs: 30_000,
        datasource: {
          uid: 'entra-uid',
          id: 7,
          url: '',
          updated: START - 60_000,
          jsonData: { graphUrl: bed.fake.url, loginUrl: bed.fake.url, tenantId: 'contoso', clientId: 'app-id' },
          secureJsonData: { clientSecret: SECRET },
        },
        ...extra,
      });
      proxies.push(proxy);
      return proxy;
    },
    raw: (proxy: GrafanaProxy, method: string, path: string, headers: http.OutgoingHttpHeaders = {}, body?: string) =>
      rawRequest(proxy, { method, path, headers, body }).then((response) => {
        seenByClient.push(response);
        return response;
      }),
  };

  beforeEach(async () => {
    bed.clock = new ManualClock(START);
    bed.tokenAnswer = () => ({
      status: 200,
      body: JSON.stringify({ token_type: 'Bearer', access_token: TOKEN, expires_in: 3599 }),
    });
    bed.fake = await startFakeUpstream((request, res) => answerAsGraph(request, res, bed.tokenAnswer));
  });

  afterEach(async () => {
    await Promise.all(proxies.map((p) => p.close()));
    proxies = [];
    await bed.fake.close();
  });

  afterAll(() => {
    // Runs after every test of the block: nothing the client saw carries the secret, the token or a token answer.
    const everything = seenByClient.map((r) => JSON.stringify(r)).join('\n');
    expect(seenByClient.length).toBeGreaterThan(0);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('access_token');
  });
  return bed;
}

/** The token endpoint answers what the test set; Graph answers 200 to the stand-in's token, 401 otherwise. */
function answerAsGraph(
  request: ArrivedRequest,
  res: http.ServerResponse,
  tokenAnswer: () => { status: number; body: string }
): void {
  if (request.url.includes('/oauth2/')) {
    const answer = tokenAnswer();
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    return;
  }
  const authorized = request.headers.authorization === `Bearer ${TOKEN}`;
  res
    .writeHead(authorized ? 200 : 401, { 'content-type': 'application/json', 'set-cookie': 'upstream=1' })
    .end(JSON.stringify(authorized ? { value: [] } : { error: { code: 'InvalidAuthenticationToken' } }));
}

function rawRequest(
  proxy: GrafanaProxy,
  request: { method: string; path: string; headers: http.OutgoingHttpHeaders; body?: string }
): Promise<RawResponse> {
  const { hostname, port } = new URL(proxy.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, ...request, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })
      );
    });
    req.on('error', reject);
    req.end(request.body);
  });
}
