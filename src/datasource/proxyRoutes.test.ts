import pluginJson from '../plugin.json';
import { CLOUDS, CloudName } from '../core/model/clouds';
import { ApiFlavour, resolveSettings } from '../core/model/settings';
import { planRequest } from '../core/plan/planRequest';
import { withQueryDefaults } from '../core/model/query';
import { auditRoutePath, directoryAuditsRoutePath, toProxyUrl } from './proxyRoutes';

interface Route {
  path: string;
  method: string;
  url: string;
  tokenAuth: { url: string; scopes?: string[]; params: Record<string, string> };
}

const routes = (pluginJson as unknown as { routes: Route[] }).routes;
const PROXY = '/api/datasources/proxy/uid/entra';
const base = { tenantId: 'contoso.onmicrosoft.com', clientId: 'app' };
const custom = {
  ...base,
  cloud: 'custom' as const,
  graphUrl: 'https://graph.example.com',
  loginUrl: 'https://login.example.com',
};

/** Grafana's data proxy: first route, in file order, whose path is a string prefix of the request path. */
function matchRoute(proxyPath: string): Route | undefined {
  return routes.find((route) => proxyPath.startsWith(route.path));
}

describe('plugin.json routes', () => {
  it('has one GET route per cloud and Graph version, one per cloud for the legacy API, and nothing else', () => {
    const clouds: CloudName[] = ['azure', 'usgov', 'usgovdod', 'china', 'custom'];
    expect(routes.map((r) => r.path).sort()).toEqual(
      clouds
        .flatMap((c) => [
          `msgraph/${c}/beta/auditLogs/directoryAudits`,
          `msgraph/${c}/v1.0/auditLogs/directoryAudits`,
          `legacy/${c}/activities/audit`,
        ])
        .sort()
    );
    expect(routes.every((r) => r.method === 'GET')).toBe(true);
  });

  it.each(Object.entries(CLOUDS))(
    'points the %s routes at its Graph host with a v2 client-credentials token',
    (cloud, endpoints) => {
      for (const route of routes.filter((r) => r.path.startsWith(`msgraph/${cloud}/`))) {
        const version = route.path.split('/')[2];
        expect(route.url).toBe(`${endpoints.graphUrl}/${version}/auditLogs/directoryAudits`);
        expect(route.tokenAuth.url).toBe(`${endpoints.loginUrl}/{{ .JsonData.tenantId }}/oauth2/v2.0/token`);
        expect(route.tokenAuth.params).toEqual({
          grant_type: 'client_credentials',
          client_id: '{{ .JsonData.clientId }}',
          client_secret: '{{ .SecureJsonData.clientSecret }}',
          scope: `${endpoints.graphUrl}/.default`,
        });
      }
    }
  );

  it.each(Object.entries(CLOUDS))(
    "points the %s legacy route at that tenant's activities/audit with a v1 token for the legacy resource",
    (cloud, endpoints) => {
      const route = routes.find((r) => r.path === `legacy/${cloud}/activities/audit`)!;
      expect(route.url).toBe(`${endpoints.legacyGraphUrl}/{{ .JsonData.tenantId }}/activities/audit`);
      expect(route.tokenAuth.url).toBe(`${endpoints.loginUrl}/{{ .JsonData.tenantId }}/oauth2/token`);
      expect(route.tokenAuth.params).toEqual({
        grant_type: 'client_credentials',
        client_id: '{{ .JsonData.clientId }}',
        client_secret: '{{ .SecureJsonData.clientSecret }}',
        resource: endpoints.legacyGraphUrl,
      });
    }
  );

  it("templates the custom cloud's legacy route from its own legacy URL and login URL", () => {
    const route = routes.find((r) => r.path === 'legacy/custom/activities/audit')!;
    expect(route.url).toBe('{{ .JsonData.legacyGraphUrl }}/{{ .JsonData.tenantId }}/activities/audit');
    expect(route.tokenAuth.url).toBe('{{ .JsonData.loginUrl }}/{{ .JsonData.tenantId }}/oauth2/token');
    expect(route.tokenAuth.params.resource).toBe('{{ .JsonData.legacyGraphUrl }}');
  });

  it('never lets a route reach a token endpoint or a login host', () => {
    const loginHosts = [...Object.values(CLOUDS).map((c) => c.loginUrl), '{{ .JsonData.loginUrl }}'];
    for (const route of routes) {
      expect(route.url).not.toMatch(/oauth2|token/i);
      expect(loginHosts.some((host) => route.url.startsWith(host))).toBe(false);
    }
  });

  it('keeps the secret out of everything but the token request body', () => {
    const { routes: _routes, ...rest } = pluginJson as Record<string, unknown>;
    expect(JSON.stringify(rest)).not.toMatch(/SecureJsonData/);
    for (const route of routes) {
      expect(`${route.url}${route.path}${route.tokenAuth.url}`).not.toMatch(/SecureJsonData/);
    }
  });

  it('leaves no route open to the rest of auditLogs or Graph', () => {
    for (const path of [
      'msgraph/azure/v1.0/auditLogs/signIns',
      'msgraph/azure/v1.0/users',
      'msgraph/azure/v1.0/$batch',
      'msgraph/azure/v1.0/auditLogs/provisioning',
      'legacy/azure/users',
      'legacy/azure/activities/signinEvents',
      'legacy/azure/contoso.onmicrosoft.com/activities/audit',
      'legacy/azure',
    ]) {
      expect(matchRoute(path)).toBeUndefined();
    }
  });

  it('declares the capabilities the product needs', () => {
    expect(pluginJson).toMatchObject({
      id: 'auditlens-entraid-datasource',
      backend: true,
      executable: 'gpx_entraid',
      alerting: true,
      annotations: true,
      logs: true,
      dependencies: { grafanaDependency: '>=12.4.0' },
    });
    expect(pluginJson.name).toContain('Microsoft Entra ID (Azure AD) audit logs');
    expect(pluginJson).not.toHaveProperty('url');
  });
});

describe('toProxyUrl', () => {
  it.each<[CloudName, ApiFlavour | undefined]>([
    ['azure', undefined],
    ['azure', 'msgraph-beta'],
    ['usgov', undefined],
    ['usgovdod', 'msgraph-beta'],
    ['china', undefined],
    ['custom', 'msgraph-v1'],
    ['azure', 'legacy'],
    ['usgovdod', 'legacy'],
    ['china', 'legacy'],
    ['custom', 'legacy'],
  ])("maps the planner's first page for %s %s onto the route that serves it", (cloud, api) => {
    const settings = resolveSettings({
      ...(cloud === 'custom' ? { ...custom, legacyGraphUrl: 'https://aadgraph.example.com' } : base),
      cloud,
      api,
    });
    const plan = planRequest(withQueryDefaults({ refId: 'A' }), { from: 0, to: 1 }, settings, 0 + 86_400_000);
    const proxied = toProxyUrl(plan.firstUrl, settings, PROXY);
    const proxyPath = proxied.slice(PROXY.length + 1);
    const route = matchRoute(proxyPath)!;
    expect(route.path).toBe(auditRoutePath(settings));
    if (api !== 'legacy') {
      expect(route.path).toBe(directoryAuditsRoutePath(settings));
    }
    // What Grafana forwards: the route URL plus whatever followed the route path.
    const routeUrl = route.url
      .replace('{{ .JsonData.graphUrl }}', settings.graphUrl)
      .replace('{{ .JsonData.legacyGraphUrl }}', settings.legacyGraphUrl)
      .replace('{{ .JsonData.tenantId }}', settings.tenantId);
    expect(routeUrl + proxyPath.slice(route.path.length)).toBe(plan.firstUrl);
  });

  it('maps a legacy nextLink of the configured tenant, and refuses any other legacy address', () => {
    const settings = resolveSettings({ ...base, api: 'legacy' });
    const link = 'https://graph.windows.net/contoso.onmicrosoft.com/activities/audit?api-version=beta&$skiptoken=-1';
    expect(toProxyUrl(link, settings, PROXY)).toBe(
      `${PROXY}/legacy/azure/activities/audit?api-version=beta&$skiptoken=-1`
    );
    for (const url of [
      'https://graph.windows.net/fabrikam.onmicrosoft.com/activities/audit?api-version=beta',
      'https://graph.windows.net/contoso.onmicrosoft.com/users?api-version=beta',
      'https://graph.windows.net/contoso.onmicrosoft.com/activities/auditX',
      'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits',
    ]) {
      expect(() => toProxyUrl(url, settings, PROXY)).toThrow(
        /only https:\/\/graph\.windows\.net\/contoso\.onmicrosoft\.com\/activities\/audit is reachable/
      );
    }
  });

  it('maps a nextLink verbatim, query string and all', () => {
    const settings = resolveSettings(base);
    const link = 'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$filter=x&$skiptoken=a%2Bb';
    expect(toProxyUrl(link, settings, `${PROXY}/`)).toBe(
      `${PROXY}/msgraph/azure/v1.0/auditLogs/directoryAudits?$filter=x&$skiptoken=a%2Bb`
    );
  });

  it.each([
    'https://graph.microsoft.com/v1.0/auditLogs/directoryAuditsX?$top=1',
    'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits/../signIns',
    'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits/%2e%2e/signIns',
    // Encoded segments Grafana would forward verbatim after the route: none may ever be produced.
    'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits/%2E%2E/%2E%2E/users',
    'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits%2F..%2F..%2Fusers',
    'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits%5C..%5C..%5Cusers',
    'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits\\..\\..\\users',
    'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits;%2f..%2f..%2fusers',
    'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits/%252e%252e/%252e%252e/users',
    'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits/',
    'https://graph.microsoft.com/v1.0/auditLogs/signIns',
    'https://graph.microsoft.com/beta/auditLogs/directoryAudits',
    'https://graph.microsoft.us/v1.0/auditLogs/directoryAudits',
    'https://login.microsoftonline.com/contoso/oauth2/v2.0/token',
    'https://graph.microsoft.com.evil.example/v1.0/auditLogs/directoryAudits',
    'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits#x',
  ])('refuses %s', (url) => {
    expect(() => toProxyUrl(url, resolveSettings(base), PROXY)).toThrow(
      /only https:\/\/graph\.microsoft\.com\/v1\.0\/auditLogs\/directoryAudits is reachable/
    );
  });

  it('needs a proxy URL', () => {
    expect(() =>
      toProxyUrl('https://graph.microsoft.com/v1.0/auditLogs/directoryAudits', resolveSettings(base), undefined)
    ).toThrow(/server \(proxy\) access/);
  });
});
