import http from 'node:http';

import { graphRoute, START, TOKEN, SECRET, useProxyTestBed } from './testProxy';

describe('Grafana data-source proxy stand-in', () => {
  const bed = useProxyTestBed();
  const { graphArrivals, tokenArrivals, proxyWith, raw } = bed;

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
      scope: `${bed.fake.url}/.default`,
    });
    expect(proxy.tokenRequests).toEqual([
      {
        url: `${bed.fake.url}/contoso/oauth2/v2.0/token`,
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
    await bed.clock.advance(3599_000 - 10_001);
    await get();
    expect(tokenArrivals()).toHaveLength(1);
    await bed.clock.advance(1);
    await get();
    expect(tokenArrivals()).toHaveLength(2);
    proxy.updateDatasource({ updated: START + 5_000 });
    await get();
    expect(tokenArrivals()).toHaveLength(3);
    expect(graphArrivals().every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('fetches a new token every time when the answer has neither expires_on nor expires_in', async () => {
    bed.tokenAnswer = () => ({ status: 200, body: JSON.stringify({ access_token: TOKEN }) });
    const proxy = await proxyWith([graphRoute()]);
    await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1');
    await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1');
    expect(tokenArrivals()).toHaveLength(2);
  });

  it('sends an empty bearer when the token endpoint answers a JSON error, and turns the upstream 401 into 400', async () => {
    bed.tokenAnswer = () => ({
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
    bed.tokenAnswer = () => ({ status: 502, body: '<html>bad gateway</html>' });
    const proxy = await proxyWith([graphRoute()]);
    expect((await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1')).status).toBe(400);
    expect(graphArrivals()[0].headers.authorization).toBeUndefined();
    bed.tokenAnswer = () => ({ status: 200, body: JSON.stringify({ access_token: TOKEN, expires_in: '3599.5' }) });
    await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1');
    expect(graphArrivals()[1].headers.authorization).toBeUndefined();
    expect(proxy.logLines.filter((l) => l.includes('Failed to get access token'))).toHaveLength(2);
  });

  describe('transport failures', () => {
    it('answers 502 when the upstream resets the connection', async () => {
      bed.fake.setHandler((_request, res) => res.socket?.destroy());
      const proxy = await proxyWith([graphRoute({ tokenAuth: undefined })]);
      expect((await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1')).status).toBe(502);
    });

    it('answers 504 when no response headers come within the timeout, on the injected clock', async () => {
      bed.fake.setHandler(() => undefined);
      const proxy = await proxyWith([graphRoute({ tokenAuth: undefined })], { timeoutMs: 30_000 });
      const pending = raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1');
      while (bed.fake.arrived.length === 0) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      await bed.clock.advance(29_999);
      expect(proxy.accessLog[0].status).toBe(0);
      await bed.clock.advance(1);
      expect((await pending).status).toBe(504);
    });

    it('sends nothing upstream when the browser leaves while the token is still being fetched', async () => {
      let releaseToken: () => void = () => undefined;
      bed.fake.setHandler((request, res) => {
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
});
