import http from 'node:http';

import { ManualClock } from '../../src/core/time/manualClock';
import { PluginRoute } from './routes';
import { GrafanaProxy, startGrafanaProxy } from './server';
import { ArrivedRequest, startFakeUpstream } from './testUpstream';

const SECRET = 'proxy-test-secret-~!@#';
const TOKEN = 'eyJ0eXAi.stand-in-access-token.sig';
const START = Date.parse('2026-11-20T12:00:00Z');

type Fake = Awaited<ReturnType<typeof startFakeUpstream>>;

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Every response the client saw, to prove none carries the secret or a token. */
const seenByClient: RawResponse[] = [];

function raw(
  proxy: GrafanaProxy,
  method: string,
  path: string,
  headers: http.OutgoingHttpHeaders = {},
  body?: string
): Promise<RawResponse> {
  const { hostname, port } = new URL(proxy.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const response = {
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        seenByClient.push(response);
        resolve(response);
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function graphRoute(overrides: Partial<PluginRoute> = {}): PluginRoute {
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

describe('Grafana data-source proxy stand-in', () => {
  let fake: Fake;
  let clock: ManualClock;
  let tokenAnswer: () => { status: number; body: string };
  let proxies: GrafanaProxy[] = [];

  const graphArrivals = () => fake.arrived.filter((r) => !r.url.includes('/oauth2/'));
  const tokenArrivals = () => fake.arrived.filter((r) => r.url.includes('/oauth2/'));

  beforeEach(async () => {
    clock = new ManualClock(START);
    tokenAnswer = () => ({
      status: 200,
      body: JSON.stringify({ token_type: 'Bearer', access_token: TOKEN, expires_in: 3599 }),
    });
    fake = await startFakeUpstream((request: ArrivedRequest, res) => {
      if (request.url.includes('/oauth2/')) {
        const answer = tokenAnswer();
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
        return;
      }
      const authorized = request.headers.authorization === `Bearer ${TOKEN}`;
      res
        .writeHead(authorized ? 200 : 401, { 'content-type': 'application/json', 'set-cookie': 'upstream=1' })
        .end(JSON.stringify(authorized ? { value: [] } : { error: { code: 'InvalidAuthenticationToken' } }));
    });
  });

  afterEach(async () => {
    await Promise.all(proxies.map((p) => p.close()));
    proxies = [];
    await fake.close();
  });

  async function proxyWith(routes: PluginRoute[], extra: Partial<Parameters<typeof startGrafanaProxy>[0]> = {}) {
    const proxy = await startGrafanaProxy({
      routes,
      clock,
      timeoutMs: 30_000,
      datasource: {
        uid: 'entra-uid',
        id: 7,
        url: '',
        updated: START - 60_000,
        jsonData: { graphUrl: fake.url, loginUrl: fake.url, tenantId: 'contoso', clientId: 'app-id' },
        secureJsonData: { clientSecret: SECRET },
      },
      ...extra,
    });
    proxies.push(proxy);
    return proxy;
  }

  it('rewrites a matched route: host and path from the route url, its own query dropped, the client query re-encoded, a bearer token added', async () => {
    const proxy = await proxyWith([graphRoute()]);
    const res = await raw(
      proxy,
      'GET',
      "/api/datasources/proxy/uid/entra-uid/msgraph-v1?$top=999&$filter=activityDateTime%20ge%202026-11-01T00:00:00Z%20and%20x%20eq%20'a''b'",
      {
        authorization: 'Bearer grafana-session-key',
        cookie: 'grafana_session=abc',
        origin: 'http://grafana.local',
        referer: 'http://grafana.local/d/x',
      }
    );
    expect(res.status).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    const [upstream] = graphArrivals();
    expect(upstream.url).toBe(
      '/v1.0/auditLogs/directoryAudits?%24filter=activityDateTime+ge+2026-11-01T00%3A00%3A00Z+and+x+eq+%27a%27%27b%27&%24top=999'
    );
    expect(upstream.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(upstream.headers.cookie).toBeUndefined();
    expect(upstream.headers.origin).toBeUndefined();
    expect(upstream.headers.referer).toBeUndefined();
    expect(upstream.headers['x-grafana-referer']).toBe('http://grafana.local/d/x');
    expect(upstream.headers['user-agent']).toBe('Grafana/12.4.10');

    const [token] = tokenArrivals();
    expect(token.method).toBe('POST');
    expect(token.url).toBe('/contoso/oauth2/v2.0/token');
    expect(token.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(token.body);
    expect(Object.fromEntries(form)).toEqual({
      client_id: 'app-id',
      client_secret: SECRET,
      grant_type: 'client_credentials',
      scope: `${fake.url}/.default`,
    });
    expect(proxy.tokenRequests).toEqual([
      {
        url: `${fake.url}/contoso/oauth2/v2.0/token`,
        paramNames: ['client_id', 'client_secret', 'grant_type', 'scope'],
        cacheKey: `7_${(START - 60_000) / 1000}_msgraph-v1_GET`,
      },
    ]);
  });

  it('caches the token per data source version, route path and method, until 10 s before it expires', async () => {
    const proxy = await proxyWith([graphRoute()]);
    const get = () => raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1');
    await get();
    await get();
    expect(tokenArrivals()).toHaveLength(1);
    await clock.advance(3599_000 - 10_001);
    await get();
    expect(tokenArrivals()).toHaveLength(1);
    await clock.advance(1);
    await get();
    expect(tokenArrivals()).toHaveLength(2);
    proxy.updateDatasource({ updated: START + 5_000 });
    await get();
    expect(tokenArrivals()).toHaveLength(3);
    expect(graphArrivals().every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('fetches a new token every time when the answer has neither expires_on nor expires_in', async () => {
    tokenAnswer = () => ({ status: 200, body: JSON.stringify({ access_token: TOKEN }) });
    const proxy = await proxyWith([graphRoute()]);
    await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1');
    await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1');
    expect(tokenArrivals()).toHaveLength(2);
  });

  it('sends an empty bearer when the token endpoint answers a JSON error, and turns the upstream 401 into 400', async () => {
    tokenAnswer = () => ({
      status: 401,
      body: JSON.stringify({
        error: 'invalid_client',
        error_description: 'AADSTS7000215: Invalid client secret provided.',
      }),
    });
    const proxy = await proxyWith([graphRoute()]);
    const res = await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1');
    // Sent as `Bearer ` (empty token); HTTP strips the trailing space on arrival.
    expect(graphArrivals()[0].headers.authorization).toBe('Bearer');
    expect(res.status).toBe(400);
    expect(res.body).toBe('Authentication to data source failed');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('sends no Authorization at all when the token answer is not JSON or names an expiry that is not an integer', async () => {
    tokenAnswer = () => ({ status: 502, body: '<html>bad gateway</html>' });
    const proxy = await proxyWith([graphRoute()]);
    expect((await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1')).status).toBe(400);
    expect(graphArrivals()[0].headers.authorization).toBeUndefined();
    tokenAnswer = () => ({ status: 200, body: JSON.stringify({ access_token: TOKEN, expires_in: '3599.5' }) });
    await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1');
    expect(graphArrivals()[1].headers.authorization).toBeUndefined();
    expect(proxy.logLines.filter((l) => l.includes('Failed to get access token'))).toHaveLength(2);
  });

  describe('hostile paths and methods', () => {
    it('answers 502 for `..` that climbs out of the route, and nothing reaches any host', async () => {
      const proxy = await proxyWith([graphRoute()]);
      const res = await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1/../../v1.0/users');
      expect(res.status).toBe(502);
      expect(fake.arrived).toHaveLength(0);
    });

    it('keeps `%2e%2e` and `%2F` escaped and under the route path on the route host', async () => {
      const proxy = await proxyWith([graphRoute()]);
      await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1/%2e%2e/%2e%2e/users');
      await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1%2F..%2F..%2Fusers');
      expect(graphArrivals().map((r) => r.url)).toEqual([
        '/v1.0/auditLogs/directoryAudits/%2e%2e/%2e%2e/users',
        '/v1.0/auditLogs/directoryAudits/%2F..%2F..%2Fusers',
      ]);
    });

    it('collapses double slashes for matching and stays under the route path', async () => {
      const proxy = await proxyWith([graphRoute()]);
      await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid//msgraph-v1');
      await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1//x');
      expect(graphArrivals().map((r) => r.url)).toEqual([
        '/v1.0/auditLogs/directoryAudits/msgraph-v1',
        '/v1.0/auditLogs/directoryAudits//x',
      ]);
    });

    it('refuses POST (exact method match), $batch and unmatched paths with 502: the data source URL is empty', async () => {
      const proxy = await proxyWith([graphRoute()]);
      const post = await raw(
        proxy,
        'POST',
        '/api/datasources/proxy/uid/entra-uid/msgraph-v1',
        { 'content-type': 'application/json' },
        '{"requests":[]}'
      );
      const batch = await raw(
        proxy,
        'POST',
        '/api/datasources/proxy/uid/entra-uid/v1.0/$batch',
        { 'content-type': 'application/json' },
        '{"requests":[]}'
      );
      const batchGet = await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/v1.0/$batch');
      const signIns = await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/v1.0/auditLogs/signIns');
      const token = await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/contoso/oauth2/v2.0/token');
      expect([post, batch, batchGet, signIns, token].map((r) => r.status)).toEqual([502, 502, 502, 502, 502]);
      expect(fake.arrived).toHaveLength(0);
      expect(proxy.tokenRequests).toHaveLength(0);
    });

    it('matches by plain string prefix in file order, not by segment or longest match', async () => {
      const proxy = await proxyWith([
        { path: 'api', url: `${fake.url}/first` },
        { path: 'api/v2', url: `${fake.url}/second` },
      ]);
      await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/api/v2/x');
      await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/apiv2/y');
      expect(fake.arrived.map((r) => r.url)).toEqual(['/first/v2/x', '/first/v2/y']);
    });

    it('answers 403 when the matched route needs a higher role, without trying later routes', async () => {
      const proxy = await proxyWith([graphRoute({ reqRole: 'Editor' }), graphRoute()]);
      const res = await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1');
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body)).toEqual({ message: 'plugin proxy route access denied' });
      expect(fake.arrived).toHaveLength(0);
    });

    it('answers 404 for another data source and 400 for a malformed uid', async () => {
      const proxy = await proxyWith([graphRoute()]);
      expect((await raw(proxy, 'GET', '/api/datasources/proxy/uid/other/msgraph-v1')).status).toBe(404);
      expect((await raw(proxy, 'GET', '/api/datasources/proxy/uid/a%20b/msgraph-v1')).status).toBe(400);
      expect((await raw(proxy, 'GET', '/api/datasources/proxy/7/msgraph-v1')).status).toBe(200);
    });
  });

  describe('templates that fail to render', () => {
    it('skips the whole route when its url cannot render: no token request, nothing upstream, 502', async () => {
      const proxy = await proxyWith([graphRoute({ url: '{{ .JsonData.graphUrl /v1.0/auditLogs/directoryAudits' })]);
      const res = await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1');
      expect(res.status).toBe(502);
      expect(fake.arrived).toHaveLength(0);
      expect(proxy.logLines.some((l) => l.includes('Error interpolating proxy url'))).toBe(true);
    });

    it('goes nowhere when a jsonData key is missing (`<no value>` has no scheme or host)', async () => {
      const proxy = await proxyWith([graphRoute({ url: '{{ .JsonData.notSet }}/v1.0/auditLogs/directoryAudits' })]);
      expect((await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1')).status).toBe(502);
      expect(graphArrivals()).toHaveLength(0);
    });

    it('skips a header whose template fails to execute and still proxies the request', async () => {
      const proxy = await proxyWith([
        graphRoute({
          headers: [
            { name: 'ConsistencyLevel', content: 'eventual' },
            { name: 'X-Broken', content: '{{ .Nope.x }}' },
          ],
          urlParams: [{ name: '$top', content: '{{ .JsonData.pageSize | orEmpty }}' }],
        }),
      ]);
      await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1?$top=5', { consistencylevel: 'strong' });
      const [upstream] = graphArrivals();
      expect(upstream.headers.consistencylevel).toBe('eventual');
      expect(upstream.headers['x-broken']).toBeUndefined();
      expect(upstream.url).toBe('/v1.0/auditLogs/directoryAudits?%24top=5&%24top=');
      expect(proxy.logLines.some((l) => l.includes('Failed to render plugin headers'))).toBe(true);
    });

    it('sends no token when the token params cannot render', async () => {
      const route = graphRoute();
      route.tokenAuth!.params!.client_secret = '{{ .SecureJsonData.clientSecret.value }}';
      const proxy = await proxyWith([route]);
      await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1');
      expect(tokenArrivals()).toHaveLength(0);
      expect(graphArrivals()[0].headers.authorization).toBeUndefined();
    });
  });

  describe('transport failures', () => {
    it('answers 502 when the upstream resets the connection', async () => {
      fake.setHandler((_request, res) => res.socket?.destroy());
      const proxy = await proxyWith([graphRoute({ tokenAuth: undefined })]);
      expect((await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1')).status).toBe(502);
    });

    it('answers 504 when no response headers come within the timeout, on the injected clock', async () => {
      fake.setHandler(() => undefined);
      const proxy = await proxyWith([graphRoute({ tokenAuth: undefined })], { timeoutMs: 30_000 });
      const pending = raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1');
      while (fake.arrived.length === 0) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      await clock.advance(29_999);
      expect(proxy.accessLog[0].status).toBe(0);
      await clock.advance(1);
      expect((await pending).status).toBe(504);
    });

    it('sends nothing upstream when the browser leaves while the token is still being fetched', async () => {
      let releaseToken: () => void = () => undefined;
      fake.setHandler((request, res) => {
        releaseToken = () => {
          if (!res.headersSent) {
            res.writeHead(200).end(JSON.stringify({ access_token: TOKEN, expires_in: 3599 }));
          }
        };
      });
      const proxy = await proxyWith([graphRoute()]);
      const { hostname, port } = new URL(proxy.url);
      const browser = http.request({
        hostname,
        port,
        path: '/api/datasources/proxy/uid/entra-uid/msgraph-v1',
        agent: false,
      });
      browser.on('error', () => undefined);
      browser.end();
      while (tokenArrivals().length === 0) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      browser.destroy();
      while (proxy.accessLog[0].status !== 499) {
        await new Promise((resolve) => setImmediate(resolve));
        releaseToken();
      }
      expect(graphArrivals()).toHaveLength(0);
    });

    it('ignores the browser Authorization but honours X-DS-Authorization when the route has no token', async () => {
      const proxy = await proxyWith([graphRoute({ tokenAuth: undefined })]);
      await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1', { authorization: `Bearer ${TOKEN}` });
      await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1', { 'x-ds-authorization': 'Basic abc' });
      expect(graphArrivals().map((r) => r.headers.authorization)).toEqual([undefined, 'Basic abc']);
    });
  });

  afterAll(() => {
    // Runs after every test above: nothing the client saw carries the secret, the token or a token answer.
    const everything = seenByClient.map((r) => JSON.stringify(r)).join('\n');
    expect(seenByClient.length).toBeGreaterThan(0);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('access_token');
  });
});
