import { resolveSettings } from '../core/model/settings';
import { Transport, TransportRequest, TransportResponse } from '../core/walk/transport';
import { ConnectionTarget, testConnection } from './testConnection';
import { BackendHealth } from './testConnectionHealth';

const SETTINGS = resolveSettings({
  cloud: 'azure',
  tenantId: 'contoso.onmicrosoft.com',
  clientId: '11111111-2222-3333-4444-555555555555',
});

function target(answer: TransportResponse | Error, settings = SETTINGS, uid?: string) {
  const requests: TransportRequest[] = [];
  const transport: Transport = async (request) => {
    requests.push(request);
    if (answer instanceof Error) {
      throw answer;
    }
    return answer;
  };
  const t: ConnectionTarget = { settings, uid, transport: () => transport };
  return { target: t, requests };
}

const graphError = (status: number, code: string, message: string): TransportResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  bodyText: JSON.stringify({ error: { code, message, innerError: { 'request-id': 'r' } } }),
});

describe('testConnection: route probe', () => {
  it('sends exactly one $top=1 request to the directory-audits endpoint', async () => {
    const { target: t, requests } = target({ status: 200, headers: {}, bodyText: '{"value":[]}' });
    await testConnection(t);
    expect(requests.map((r) => r.url)).toEqual(['https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$top=1']);
  });

  it("probes the legacy API at the tenant's activities/audit and reports its newest activityDate", async () => {
    const legacy = resolveSettings({ ...SETTINGS, api: 'legacy' });
    const body = JSON.stringify({ value: [{ id: 'x', activityDate: '2026-11-27T19:58:01.1234567Z' }] });
    const { target: t, requests } = target({ status: 200, headers: {}, bodyText: body }, legacy);
    const result = await testConnection(t);
    expect(requests.map((r) => r.url)).toEqual([
      'https://graph.windows.net/contoso.onmicrosoft.com/activities/audit?api-version=beta',
    ]);
    expect(result).toEqual({
      status: 'success',
      message:
        "Connected to tenant contoso.onmicrosoft.com (Azure (global), legacy Azure AD Graph): directory audits are readable through Grafana's proxy (the newest event is from 2026-11-27T19:58:01.1234567Z).",
    });
  });

  it("says the legacy API is retired when its 403 comes back in Azure AD Graph's error format", async () => {
    const legacy = resolveSettings({ ...SETTINGS, api: 'legacy' });
    const body = JSON.stringify({
      'odata.error': { code: 'Authorization_RequestDenied', message: { lang: 'en', value: 'Insufficient privileges' } },
    });
    const result = await testConnection(target({ status: 403, headers: {}, bodyText: body }, legacy).target);
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/^Azure AD Graph is retired/);
    expect(result.details?.message).toContain('Microsoft Graph v1.0');
  });

  it('reports the tenant and the newest event on success', async () => {
    const body = JSON.stringify({ value: [{ id: 'x', activityDateTime: '2026-11-27T19:58:01.1234567Z' }] });
    const result = await testConnection(target({ status: 200, headers: {}, bodyText: body }).target);
    expect(result).toEqual({
      status: 'success',
      message:
        "Connected to tenant contoso.onmicrosoft.com (Azure (global), Graph v1.0): directory audits are readable through Grafana's proxy (the newest event is from 2026-11-27T19:58:01.1234567Z).",
    });
  });

  it.each<[string, TransportResponse, RegExp, RegExp]>([
    [
      "Grafana's rewrite of a failed token request",
      { status: 400, headers: {}, bodyText: 'Authentication to data source failed' },
      /^Authentication failed: Microsoft Entra ID did not issue a token for client 11111111-2222-3333-4444-555555555555/,
      /Wrong or expired client secret \(AADSTS7000215, AADSTS7000222\)[\s\S]*Unknown client ID \(AADSTS700016\)[\s\S]*Wrong tenant or cloud \(AADSTS90002\)/,
    ],
    [
      'a missing AuditLog.Read.All',
      graphError(
        403,
        'Authentication_MSGraphPermissionMissing',
        'Calling principal does not have required MSGraph permissions AuditLog.Read.All'
      ),
      /missing the Microsoft Graph application permission AuditLog\.Read\.All.*Authentication_MSGraphPermissionMissing/,
      /Grant admin consent/,
    ],
    [
      'a missing Directory.Read.All',
      graphError(
        403,
        'Authentication_ApplicationHasNoDirectoryReadAccess',
        'Failed to do premium license check from ADGraph'
      ),
      /missing the Microsoft Graph application permission Directory\.Read\.All/,
      /Grant admin consent/,
    ],
    [
      'insufficient privileges',
      graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
      /insufficient privileges/,
      /AuditLog\.Read\.All and Directory\.Read\.All/,
    ],
    [
      'a licence check',
      graphError(
        403,
        'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
        "Neither tenant is B2C or tenant doesn't have premium license"
      ),
      /licence check/,
      /Directory\.Read\.All/,
    ],
    [
      "Grafana's route role check",
      { status: 403, headers: {}, bodyText: '{"message":"plugin proxy route access denied"}' },
      /Grafana refused your account access/,
      /Grafana admin/,
    ],
    [
      'throttling with Retry-After',
      { ...graphError(429, 'TooManyRequests', 'Too many requests'), headers: { 'Retry-After': '2.128' } },
      /throttling this app \(HTTP 429\)/,
      /^Wait 2\.128 seconds.*5 requests per 10 seconds per app and tenant/,
    ],
    [
      'an unreachable Graph host',
      { status: 502, headers: {}, bodyText: '' },
      /could not connect to graph\.microsoft\.com \(HTTP 502/,
      /Grafana server, not your browser.*login\.microsoftonline\.com/,
    ],
    [
      'a Graph host that times out',
      { status: 504, headers: {}, bodyText: '' },
      /timed out waiting for graph\.microsoft\.com \(HTTP 504/,
      /firewall/,
    ],
    [
      'a Graph outage',
      graphError(503, 'ServiceUnavailable', 'Service unavailable'),
      /Microsoft Graph failed \(HTTP 503\)/,
      /temporary/,
    ],
    [
      'Graph without directory audits',
      graphError(404, 'ResourceNotFound', 'Resource not found for the segment'),
      /no directory audits at graph\.microsoft\.com\/v1\.0 \(HTTP 404\)/,
      /Azure China serves directory audits on Graph beta only/,
    ],
    [
      'a page that is not Graph',
      { status: 200, headers: {}, bodyText: '<html>Sign in to your proxy</html>' },
      /answered, but not with directory audits/,
      /Graph URL/,
    ],
  ])('explains %s', async (_, answer, message, fix) => {
    const result = await testConnection(target(answer).target);
    expect(result.status).toBe('error');
    expect(result.message).toMatch(message);
    expect(result.details?.message).toMatch(fix);
  });

  it('says so when no answer came back at all', async () => {
    const result = await testConnection(target(new Error('socket hang up')).target);
    expect(result).toMatchObject({
      status: 'error',
      message: 'The test request did not reach Grafana: no answer came back.',
    });
  });

  it('refuses settings it cannot use before sending anything', async () => {
    const custom = resolveSettings({
      ...SETTINGS,
      cloud: 'custom',
      loginUrl: 'https://login.example',
      graphUrl: 'http://graph.example',
    });
    const { target: t, requests } = target({ status: 200, headers: {}, bodyText: '{"value":[]}' }, custom);
    const result = await testConnection(t);
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/http:\/\//);
    expect(requests).toEqual([]);
  });

  it('never echoes a token Microsoft put in an error body', async () => {
    const answer = graphError(
      400,
      'BadRequest',
      'Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJncmFwaCJ9.c2lnbmF0dXJl rejected'
    );
    const result = await testConnection(target(answer).target);
    expect(JSON.stringify(result)).not.toContain('eyJhbGciOiJSUzI1NiJ9');
  });
});

describe('testConnection: backend health', () => {
  const healthy: BackendHealth = { status: 'OK', message: 'Connected to tenant contoso: token issued.' };

  it("uses the backend's CheckHealth when it answers, and sends no route request", async () => {
    const { target: t, requests } = target({ status: 500, headers: {}, bodyText: '' }, SETTINGS, 'uid-1');
    const backendHealth = jest.fn(async () => healthy);
    expect(await testConnection(t, { backendHealth })).toEqual({ status: 'success', message: healthy.message });
    expect(backendHealth).toHaveBeenCalledWith('uid-1');
    expect(requests).toEqual([]);
  });

  it("shows the backend's exact code and step", async () => {
    const failed: BackendHealth = {
      status: 'ERROR',
      message: 'The client secret has expired (AADSTS7000222): create a new secret.',
      step: 'token',
      code: 'AADSTS7000222',
    };
    const result = await testConnection(
      target({ status: 200, headers: {}, bodyText: '{"value":[]}' }, SETTINGS, 'u').target,
      {
        backendHealth: async () => failed,
      }
    );
    expect(result).toEqual({
      status: 'error',
      message: failed.message,
      details: { message: 'Failed at step: token, code: AADSTS7000222.' },
    });
  });

  it('falls back to the route probe when no backend answers', async () => {
    const { target: t, requests } = target({ status: 200, headers: {}, bodyText: '{"value":[]}' }, SETTINGS, 'u');
    const result = await testConnection(t, { backendHealth: async () => undefined });
    expect(result.status).toBe('success');
    expect(requests).toHaveLength(1);
  });
});
