import path from 'node:path';

import { goEscapedPath } from './goUrl';
import { rawGet } from './rawRequest';
import { startGrafanaProxy } from './server';
import { startFakeUpstream } from './testUpstream';

const PLUGIN_JSON = path.resolve(__dirname, '../../src/plugin.json');
const SECRET = 'path-escaping-secret~value';
const TOKEN = 'path-escaping-access-token';
const ROUTE = 'msgraph/custom/v1.0/auditLogs/directoryAudits';

describe("Go's EscapedPath, which Grafana cuts the proxy path from", () => {
  it.each([
    ['keeps validly encoded dot segments, either case', '/a/%2e%2e/%2E%2E/b', '/a/%2e%2e/%2E%2E/b'],
    ['keeps an encoded slash and backslash', '/a%2F..%5C..', '/a%2F..%5C..'],
    ['keeps `;` and the other sub-delimiters', "/a;%2f..;x=1!$&'()*+,:@[]", "/a;%2f..;x=1!$&'()*+,:@[]"],
    ['keeps double encoding', '/a/%252e%252e/b', '/a/%252e%252e/b'],
    ['escapes a raw backslash', '/a\\..\\b', '/a%5C..%5Cb'],
    ['re-escapes the whole path when one byte needs it, decoding the rest', '/a\\/%2e%2e/%2F', '/a%5C/..//'],
    ['escapes a raw quote and braces', '/a"{b}', '/a%22%7Bb%7D'],
    ['escapes non-ASCII as UTF-8 bytes', '/é', '/%C3%A9'],
  ])('%s', (_title, raw, escaped) => {
    expect(goEscapedPath(raw)).toBe(escaped);
  });

  it("refuses a `%` not followed by two hex digits, as Go's server does", () => {
    expect(goEscapedPath('/a/%zz')).toBeUndefined();
    expect(goEscapedPath('/a/%2')).toBeUndefined();
  });
});

describe("hostile paths through this plugin's own routes (src/plugin.json), as Grafana forwards them", () => {
  let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
  let proxy: Awaited<ReturnType<typeof startGrafanaProxy>>;

  beforeAll(async () => {
    upstream = await startFakeUpstream((request, res) => {
      const body = request.url.includes('/oauth2/')
        ? JSON.stringify({ access_token: TOKEN, expires_in: 3599 })
        : JSON.stringify({ value: [] });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
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
        },
        secureJsonData: { clientSecret: SECRET },
      },
    });
  });

  afterAll(async () => {
    await proxy.close();
    await upstream.close();
  });

  beforeEach(() => upstream.arrived.splice(0));

  const graphArrivals = () => upstream.arrived.filter((r) => !r.url.includes('/oauth2/'));

  it.each([
    ['%2e%2e', '/%2e%2e/%2e%2e/users', '/v1.0/auditLogs/directoryAudits/%2e%2e/%2e%2e/users'],
    ['%2E%2E', '/%2E%2E/%2E%2E/users', '/v1.0/auditLogs/directoryAudits/%2E%2E/%2E%2E/users'],
    ['%2F', '%2F..%2F..%2Fusers', '/v1.0/auditLogs/directoryAudits/%2F..%2F..%2Fusers'],
    ['%5C', '%5C..%5C..%5Cusers', '/v1.0/auditLogs/directoryAudits/%5C..%5C..%5Cusers'],
    ['a raw backslash, escaped by Grafana', '\\..\\..\\users', '/v1.0/auditLogs/directoryAudits/%5C..%5C..%5Cusers'],
    [';%2f', ';%2f..%2f..%2fusers', '/v1.0/auditLogs/directoryAudits/;%2f..%2f..%2fusers'],
    ['double encoding', '/%252e%252e/%252e%252e/users', '/v1.0/auditLogs/directoryAudits/%252e%252e/%252e%252e/users'],
  ])('forwards %s after the route verbatim, with the bearer token', async (_title, suffix, forwarded) => {
    const res = await rawGet(proxy.url, `/api/datasources/proxy/uid/entra/${ROUTE}${suffix}`);
    expect(res.status).toBe(200);
    expect(graphArrivals().map((r) => [r.url, r.headers.authorization])).toEqual([[forwarded, `Bearer ${TOKEN}`]]);
    expect(res.body).not.toContain(TOKEN);
    expect(res.body).not.toContain(SECRET);
  });

  it('sends nothing when a raw backslash makes Grafana decode the dot segments it then cleans away', async () => {
    const res = await rawGet(proxy.url, `/api/datasources/proxy/uid/entra/${ROUTE}\\/%2e%2e/%2e%2e/users`);
    expect(res.status).toBe(502);
    expect(upstream.arrived).toHaveLength(0);
  });

  it("answers 400 to a broken escape, as Go's server does, and sends nothing", async () => {
    const res = await rawGet(proxy.url, `/api/datasources/proxy/uid/entra/${ROUTE}/%zz`);
    expect(res).toEqual({ status: 400, body: '400 Bad Request' });
    expect(upstream.arrived).toHaveLength(0);
  });
});
