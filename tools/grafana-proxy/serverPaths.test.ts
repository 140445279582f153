import { graphRoute, useProxyTestBed } from './testProxy';

describe('Grafana data-source proxy stand-in', () => {
  const bed = useProxyTestBed();
  const { graphArrivals, tokenArrivals, proxyWith, raw } = bed;

  describe('hostile paths and methods', () => {
    it('answers 502 for `..` that climbs out of the route, and nothing reaches any host', async () => {
      const proxy = await proxyWith([graphRoute()]);
      const res = await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1/../../v1.0/users');
      expect(res.status).toBe(502);
      expect(bed.fake.arrived).toHaveLength(0);
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
      expect(bed.fake.arrived).toHaveLength(0);
      expect(proxy.tokenRequests).toHaveLength(0);
    });

    it('matches by plain string prefix in file order, not by segment or longest match', async () => {
      const proxy = await proxyWith([
        { path: 'api', url: `${bed.fake.url}/first` },
        { path: 'api/v2', url: `${bed.fake.url}/second` },
      ]);
      await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/api/v2/x');
      await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/apiv2/y');
      expect(bed.fake.arrived.map((r) => r.url)).toEqual(['/first/v2/x', '/first/v2/y']);
    });

    it('answers 403 when the matched route needs a higher role, without trying later routes', async () => {
      const proxy = await proxyWith([graphRoute({ reqRole: 'Editor' }), graphRoute()]);
      const res = await raw(proxy, 'GET', '/api/datasources/proxy/uid/entra-uid/msgraph-v1');
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body)).toEqual({ message: 'plugin proxy route access denied' });
      expect(bed.fake.arrived).toHaveLength(0);
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
      expect(bed.fake.arrived).toHaveLength(0);
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
});
