import path from 'node:path';

import { rawGet } from './rawRequest';
import { startGrafanaProxy } from './server';
import { startFakeUpstream } from './testUpstream';

const PLUGIN_JSON = path.resolve(__dirname, '../../src/plugin.json');
const SECRET = 'server-mode-secret~value';
const TOKEN = 'server-mode-access-token';
const ROUTE = 'msgraph/custom/v1.0/auditLogs/directoryAudits';

/**
 * Server mode keeps the secret as secureJsonData.backendClientSecret, which no route in
 * src/plugin.json templates: a Viewer sending requests through the routes gets no token.
 */
describe('the proxy routes of a server-mode data source', () => {
  let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
  let proxy: Awaited<ReturnType<typeof startGrafanaProxy>>;

  beforeAll(async () => {
    upstream = await startFakeUpstream((request, res) => {
      if (request.url.includes('/oauth2/')) {
        const secret = new URLSearchParams(request.body).get('client_secret');
        if (secret !== SECRET) {
          res
            .writeHead(401, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: 'invalid_client', error_codes: [7000215] }));
          return;
        }
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ access_token: TOKEN, expires_in: 3599 }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: [] }));
    });
    proxy = await startGrafanaProxy({
      pluginJsonPath: PLUGIN_JSON,
      datasource: {
        uid: 'entra',
        id: 1,
        url: '',
        jsonData: {
          cloud: 'custom',
          loginUrl: upstream.url,
          graphUrl: upstream.url,
          tenantId: 'contoso.com',
          clientId: 'app',
          queryMode: 'server',
        },
        secureJsonData: { backendClientSecret: SECRET, backendClientSecretBinding: 'custom|x|contoso.com' },
      },
    });
  });

  afterAll(async () => {
    await proxy.close();
    await upstream.close();
  });

  // Grafana templates the missing key as Go's "<no value>", and when the token request fails it still
  // forwards the request with an empty bearer (grafana-platform.md §3.7): Graph refuses it.
  it('asks for a token without the secret, which fails, and nothing reaches Graph with a token', async () => {
    const res = await rawGet(proxy.url, `/api/datasources/proxy/uid/entra/${ROUTE}?$top=1`);
    const tokenRequests = upstream.arrived.filter((r) => r.url.includes('/oauth2/'));
    expect(tokenRequests.length).toBeGreaterThan(0);
    for (const r of tokenRequests) {
      expect(new URLSearchParams(r.body).get('client_secret')).toBe('<no value>');
    }
    const graph = upstream.arrived.filter((r) => !r.url.includes('/oauth2/'));
    expect(graph.map((r) => r.headers.authorization)).toEqual(graph.map(() => 'Bearer'));
    expect(upstream.arrived.map((r) => r.body).join()).not.toContain(encodeURIComponent(SECRET));
    expect(res.body).not.toContain(SECRET);
  });
});
