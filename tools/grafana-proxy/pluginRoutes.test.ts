import path from 'node:path';

import { cleanRelativePath } from './goUrl';
import { loadPluginRoutes, matchRoute } from './routes';
import { startGrafanaProxy } from './server';
import { startFakeUpstream } from './testUpstream';

const PLUGIN_JSON = path.resolve(__dirname, '../../src/plugin.json');
const routes = loadPluginRoutes(PLUGIN_JSON);
const graphRoutes = routes.filter((route) => route.path.startsWith('msgraph/'));
const legacyRoutes = routes.filter((route) => route.path.startsWith('legacy/'));

describe("this plugin's routes, read from src/plugin.json and applied as Grafana does", () => {
  it('has routes, each GET only, each fixed to one directoryAudits endpoint, none to a token endpoint', () => {
    expect(graphRoutes.length).toBeGreaterThan(0);
    expect(graphRoutes.length + legacyRoutes.length).toBe(routes.length);
    for (const route of graphRoutes) {
      expect(route.method).toBe('GET');
      expect(route.path).toMatch(/\/auditLogs\/directoryAudits$/);
      expect(route.url).toMatch(/\/auditLogs\/directoryAudits$/);
      expect(`${route.path} ${route.url}`).not.toMatch(/oauth2|token|login/i);
      expect(route.tokenAuth?.url).toMatch(/\/oauth2\/v2\.0\/token$/);
      expect(route.tokenAuth?.params?.grant_type).toBe('client_credentials');
      expect(route.tokenAuth?.params?.client_secret).toBe('{{ .SecureJsonData.clientSecret }}');
      // The scope names the same Graph host the route sends the token to.
      const host = route.url!.replace(/\/(v1\.0|beta)\/auditLogs\/directoryAudits$/, '');
      expect(route.tokenAuth?.params?.scope).toBe(`${host}/.default`);
      expect(JSON.stringify(route)).not.toContain('authenticationType');
    }
  });

  it("has legacy routes, each GET only, each fixed to the configured tenant's activities/audit, with a v1 token for its host", () => {
    expect(legacyRoutes.length).toBeGreaterThan(0);
    for (const route of legacyRoutes) {
      expect(route.method).toBe('GET');
      expect(route.path).toMatch(/^legacy\/[a-z]+\/activities\/audit$/);
      // The tenant comes from the stored settings, never from the browser's path.
      expect(route.url).toMatch(/\/\{\{ \.JsonData\.tenantId \}\}\/activities\/audit$/);
      expect(`${route.path} ${route.url}`).not.toMatch(/oauth2|token|login/i);
      expect(route.tokenAuth?.url).toMatch(/\/\{\{ \.JsonData\.tenantId \}\}\/oauth2\/token$/);
      expect(route.tokenAuth?.params?.grant_type).toBe('client_credentials');
      expect(route.tokenAuth?.params?.client_secret).toBe('{{ .SecureJsonData.clientSecret }}');
      expect(route.tokenAuth?.params?.resource).toBe(
        route.url!.replace(/\/\{\{ \.JsonData\.tenantId \}\}\/activities\/audit$/, '')
      );
      expect(route.tokenAuth?.params?.scope).toBeUndefined();
    }
  });

  it('opens neither sign-ins, nor other Graph APIs, nor $batch, for any method but GET', () => {
    const hostile = [
      ['GET', 'msgraph/azure/v1.0/auditLogs/signIns'],
      ['GET', 'msgraph/azure/v1.0/auditLogs/directoryAudits/../signIns'],
      ['GET', 'msgraph/azure/v1.0/users'],
      ['GET', 'msgraph/azure/v1.0/$batch'],
      ['POST', 'msgraph/azure/v1.0/auditLogs/directoryAudits'],
      ['DELETE', 'msgraph/custom/v1.0/auditLogs/directoryAudits'],
      ['GET', 'oauth2/v2.0/token'],
      ['GET', 'legacy/azure/activities/signinEvents'],
      ['GET', 'legacy/azure/activities/audit/../signinEvents'],
      ['GET', 'legacy/azure/users'],
      ['GET', 'legacy/azure/contoso.onmicrosoft.com/activities/audit'],
      ['POST', 'legacy/azure/activities/audit'],
      ['GET', 'oauth2/token'],
    ];
    for (const [method, proxyPath] of hostile) {
      expect({ method, proxyPath, match: matchRoute(routes, method, proxyPath, 'Viewer').kind }).toEqual({
        method,
        proxyPath,
        match: 'none',
      });
    }
    for (const route of routes) {
      expect(matchRoute(routes, 'GET', route.path, 'Viewer')).toEqual({ kind: 'route', route });
      expect(cleanRelativePath(route.path)).toBe(route.path);
    }
  });

  it('sends a custom-cloud query to the configured Graph host with a token from the configured login host, and nothing else anywhere', async () => {
    const upstream = await startFakeUpstream((request, res) => {
      if (request.url.endsWith('/oauth2/v2.0/token')) {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ access_token: 'tok', expires_in: 3599 }));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"value":[]}');
      }
    });
    const proxy = await startGrafanaProxy({
      pluginJsonPath: PLUGIN_JSON,
      datasource: {
        uid: 'entra',
        id: 3,
        url: '',
        jsonData: {
          cloud: 'custom',
          loginUrl: upstream.url,
          graphUrl: upstream.url,
          tenantId: 'contoso.onmicrosoft.com',
          clientId: 'app',
        },
        secureJsonData: { clientSecret: 'plugin-routes-secret' },
      },
    });
    try {
      const base = `${proxy.dataSourceUrl}/msgraph/custom`;
      const ok = await fetch(`${base}/beta/auditLogs/directoryAudits?$top=5`);
      expect(ok.status).toBe(200);
      const refused = await Promise.all(
        ['v1.0/auditLogs/signIns', 'v1.0/users', 'v1.0/$batch'].map((p) => fetch(`${base}/${p}`).then((r) => r.status))
      );
      expect(refused).toEqual([502, 502, 502]);
      expect(upstream.arrived.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
        'POST /contoso.onmicrosoft.com/oauth2/v2.0/token',
        'GET /beta/auditLogs/directoryAudits',
      ]);
      expect(new URLSearchParams(upstream.arrived[0].body).get('scope')).toBe(`${upstream.url}/.default`);
      expect(upstream.arrived[1].headers.authorization).toBe('Bearer tok');
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });
  it("sends a custom-cloud legacy query to the stored tenant's activities/audit on the legacy host, with a v1 token for that resource", async () => {
    const upstream = await startFakeUpstream((request, res) => {
      if (request.url.endsWith('/oauth2/token')) {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ access_token: 'legacy-tok', expires_in: 3599 }));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"value":[]}');
      }
    });
    const proxy = await startGrafanaProxy({
      pluginJsonPath: PLUGIN_JSON,
      datasource: {
        uid: 'entra',
        id: 3,
        url: '',
        jsonData: {
          cloud: 'custom',
          api: 'legacy',
          loginUrl: upstream.url,
          graphUrl: 'https://graph.invalid',
          legacyGraphUrl: upstream.url,
          tenantId: 'contoso.onmicrosoft.com',
          clientId: 'app',
        },
        secureJsonData: { clientSecret: 'plugin-routes-secret' },
      },
    });
    try {
      const base = `${proxy.dataSourceUrl}/legacy/custom`;
      const ok = await fetch(`${base}/activities/audit?api-version=beta&$skiptoken=-1`);
      expect(ok.status).toBe(200);
      const refused = await Promise.all(
        ['users', 'fabrikam.onmicrosoft.com/activities/audit', 'activities/signinEvents'].map((p) =>
          fetch(`${base}/${p}`).then((r) => r.status)
        )
      );
      expect(refused).toEqual([502, 502, 502]);
      expect(upstream.arrived.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
        'POST /contoso.onmicrosoft.com/oauth2/token',
        'GET /contoso.onmicrosoft.com/activities/audit',
      ]);
      const tokenRequest = new URLSearchParams(upstream.arrived[0].body);
      expect(tokenRequest.get('resource')).toBe(upstream.url);
      expect(tokenRequest.get('scope')).toBeNull();
      expect(upstream.arrived[1].headers.authorization).toBe('Bearer legacy-tok');
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });
});
