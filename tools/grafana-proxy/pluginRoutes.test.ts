import path from 'node:path';

import { cleanRelativePath } from './goUrl';
import { loadPluginRoutes, matchRoute } from './routes';
import { startGrafanaProxy } from './server';
import { startFakeUpstream } from './testUpstream';

const PLUGIN_JSON = path.resolve(__dirname, '../../src/plugin.json');
const routes = loadPluginRoutes(PLUGIN_JSON);
const graphRoutes = routes.filter((route) => route.path.startsWith('msgraph/'));
const legacyRoutes = routes.filter((route) => route.path.startsWith('legacy/'));

/** A custom cloud's Graph and legacy routes, each driven end to end through the stand-in to a fake Microsoft. */
interface CustomCloudCase {
  title: string;
  /** Where the route's tokenAuth posts; the fake upstream answers a token there and Graph data elsewhere. */
  tokenPath: string;
  accessToken: string;
  jsonData: (upstreamUrl: string) => Record<string, string>;
  routeBase: string;
  allowedQuery: string;
  /** Paths under the route that must never reach the upstream. */
  refusedPaths: string[];
  /** `METHOD path` of everything that reached the upstream, in order. */
  arrived: string[];
  /** The token request's form fields, null for one that must be absent. */
  tokenParams: (upstreamUrl: string) => Record<string, string | null>;
}

const customCloudCases: CustomCloudCase[] = [
  {
    title:
      'sends a custom-cloud query to the configured Graph host with a token from the configured login host, and nothing else anywhere',
    tokenPath: '/oauth2/v2.0/token',
    accessToken: 'tok',
    jsonData: (upstreamUrl) => ({ loginUrl: upstreamUrl, graphUrl: upstreamUrl }),
    routeBase: 'msgraph/custom',
    allowedQuery: 'beta/auditLogs/directoryAudits?$top=5',
    refusedPaths: ['v1.0/auditLogs/signIns', 'v1.0/users', 'v1.0/$batch'],
    arrived: ['POST /contoso.onmicrosoft.com/oauth2/v2.0/token', 'GET /beta/auditLogs/directoryAudits'],
    tokenParams: (upstreamUrl) => ({ scope: `${upstreamUrl}/.default` }),
  },
  {
    title:
      "sends a custom-cloud legacy query to the stored tenant's activities/audit on the legacy host, with a v1 token for that resource",
    tokenPath: '/oauth2/token',
    accessToken: 'legacy-tok',
    jsonData: (upstreamUrl) => ({
      api: 'legacy',
      loginUrl: upstreamUrl,
      graphUrl: 'https://graph.invalid',
      legacyGraphUrl: upstreamUrl,
    }),
    routeBase: 'legacy/custom',
    allowedQuery: 'activities/audit?api-version=beta&$skiptoken=-1',
    refusedPaths: ['users', 'fabrikam.onmicrosoft.com/activities/audit', 'activities/signinEvents'],
    arrived: ['POST /contoso.onmicrosoft.com/oauth2/token', 'GET /contoso.onmicrosoft.com/activities/audit'],
    tokenParams: (upstreamUrl) => ({ resource: upstreamUrl, scope: null }),
  },
];

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

  it.each(customCloudCases)(
    '$title',
    async ({ tokenPath, accessToken, jsonData, routeBase, allowedQuery, refusedPaths, arrived, tokenParams }) => {
      const upstream = await startFakeUpstream((request, res) => {
        if (request.url.endsWith(tokenPath)) {
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ access_token: accessToken, expires_in: 3599 }));
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
            tenantId: 'contoso.onmicrosoft.com',
            clientId: 'app',
            ...jsonData(upstream.url),
          },
          secureJsonData: { clientSecret: 'plugin-routes-secret' },
        },
      });
      try {
        const base = `${proxy.dataSourceUrl}/${routeBase}`;
        const ok = await fetch(`${base}/${allowedQuery}`);
        expect(ok.status).toBe(200);
        const refused = await Promise.all(refusedPaths.map((p) => fetch(`${base}/${p}`).then((r) => r.status)));
        expect(refused).toEqual(refusedPaths.map(() => 502));
        expect(upstream.arrived.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual(arrived);
        const tokenRequest = new URLSearchParams(upstream.arrived[0].body);
        const expectedParams = tokenParams(upstream.url);
        const sentParams = Object.fromEntries(
          Object.keys(expectedParams).map((name) => [name, tokenRequest.get(name)])
        );
        expect(sentParams).toEqual(expectedParams);
        expect(upstream.arrived[1].headers.authorization).toBe(`Bearer ${accessToken}`);
      } finally {
        await proxy.close();
        await upstream.close();
      }
    }
  );
});
