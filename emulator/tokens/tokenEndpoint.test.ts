import {
  DEMO_TENANT_DOMAIN,
  EXPIRED_CLIENT_ID,
  EXPIRED_CLIENT_SECRET,
  NO_AUDIT_CLIENT_ID,
  NO_AUDIT_CLIENT_SECRET,
  startEmulator,
  RunningEmulator,
  DEMO_CLIENT_ID,
} from '../index';
import { auditsUrl, getJson, requestToken } from '../testing/client';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({
    now: '2026-11-20T12:00:00Z',
    eventsPerDay: 500,
    httpsPort: false,
    throttle: false,
    timeScale: 1,
  });
});
afterAll(() => emulator.close());

function expectAadError(body: Record<string, unknown>, error: string, code: number) {
  expect(body.error).toBe(error);
  expect(body.error_codes).toEqual([code]);
  expect(body.error_description).toMatch(
    new RegExp(`^AADSTS${code}: .+ Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: `)
  );
  expect(body).toHaveProperty('trace_id');
  expect(body).toHaveProperty('correlation_id');
  expect(body).toHaveProperty('timestamp');
  expect(String(body.error_uri)).toContain(`code=${code}`);
}

describe('the v2 token endpoint', () => {
  it('issues a bearer token with a numeric expires_in, by tenant GUID or domain', async () => {
    for (const tenant of [emulator.tenantId, DEMO_TENANT_DOMAIN]) {
      const { status, body } = await requestToken({ baseUrl: emulator.httpUrl, tenant });
      expect(status).toBe(200);
      expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
      expect(typeof body.access_token).toBe('string');
      expect(body).not.toHaveProperty('refresh_token');
    }
  });

  it('accepts Microsoft Graph global scopes too', async () => {
    const { status } = await requestToken({
      baseUrl: emulator.httpUrl,
      audience: 'https://graph.microsoft.com/.default',
    });
    expect(status).toBe(200);
  });

  it.each([
    ['a wrong secret', { clientSecret: 'nope' }, 401, 'invalid_client', 7000215],
    [
      'an expired secret',
      { clientId: EXPIRED_CLIENT_ID, clientSecret: EXPIRED_CLIENT_SECRET },
      401,
      'invalid_client',
      7000222,
    ],
    ["the demo app's old, expired secret", { clientSecret: 'emulator-old-secret' }, 401, 'invalid_client', 7000222],
    ['an unknown client', { clientId: '11111111-2222-4333-8444-555555555555' }, 400, 'unauthorized_client', 700016],
    ['an unknown tenant', { tenant: '11111111-2222-4333-8444-555555555555' }, 400, 'invalid_request', 90002],
    ['an unknown domain', { tenant: 'nobody.onmicrosoft.com' }, 400, 'invalid_request', 90002],
    ['a malformed tenant', { tenant: 'not a tenant!' }, 400, 'invalid_request', 900023],
    ['an unsupported grant type', { grantType: 'password' }, 400, 'unsupported_grant_type', 70003],
    [
      'a scope without /.default',
      { audience: 'https://graph.microsoft.com/AuditLog.Read.All' },
      400,
      'invalid_scope',
      70011,
    ],
    ['an unknown resource', { audience: 'https://example.com/.default' }, 400, 'invalid_resource', 500011],
  ])('refuses %s', async (_name, overrides, status, error, code) => {
    const response = await requestToken({ baseUrl: emulator.httpUrl, ...overrides });
    expect(response.status).toBe(status);
    expectAadError(response.body, error, code);
  });

  it('never echoes the secret', async () => {
    const { body } = await requestToken({ baseUrl: emulator.httpUrl, clientSecret: 'super-secret-value' });
    expect(JSON.stringify(body)).not.toContain('super-secret-value');
  });

  it('wants POST', async () => {
    const response = await fetch(`${emulator.httpUrl}/${emulator.tenantId}/oauth2/v2.0/token`);
    expect(response.status).toBe(400);
    expectAadError((await response.json()) as Record<string, unknown>, 'invalid_request', 900561);
  });

  it('takes client credentials from HTTP Basic too', async () => {
    const response = await fetch(`${emulator.httpUrl}/${emulator.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${DEMO_CLIENT_ID}:${emulator.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: `${emulator.httpUrl}/.default` }),
    });
    expect(response.status).toBe(200);
  });
});

describe('the v1 token endpoint', () => {
  it('answers with strings and expires_on, as v1 does', async () => {
    const { status, body } = await requestToken({
      baseUrl: emulator.httpUrl,
      version: 'v1',
      audience: 'https://graph.windows.net',
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: '3599', resource: 'https://graph.windows.net' });
    expect(body.expires_on).toMatch(/^\d{10}$/);
    expect(body.not_before).toMatch(/^\d{10}$/);
  });

  it('needs a resource', async () => {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: DEMO_CLIENT_ID,
      client_secret: emulator.clientSecret,
    });
    const response = await fetch(`${emulator.httpUrl}/${emulator.tenantId}/oauth2/token`, {
      method: 'POST',
      body: form,
    });
    expect(response.status).toBe(400);
    expectAadError((await response.json()) as Record<string, unknown>, 'invalid_request', 900144);
  });
});

describe('tokens at Microsoft Graph', () => {
  const graphError = (json: any, code: string, message: string) => {
    expect(json.error.code).toBe(code);
    expect(json.error.message).toBe(message);
    expect(json.error.innerError).toEqual(
      expect.objectContaining({
        'request-id': expect.any(String),
        'client-request-id': expect.any(String),
        date: expect.any(String),
      })
    );
  };

  it('refuses a missing, forged, wrong-audience or expired token with 401 InvalidAuthenticationToken', async () => {
    const url = auditsUrl(emulator.httpUrl, { $top: '1' });
    graphError((await getJson(url)).json, 'InvalidAuthenticationToken', 'Access token is empty.');

    const forged = (await getJson(url, 'eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln')).json;
    graphError(forged, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid signature.');

    const legacyToken = await requestToken({
      baseUrl: emulator.httpUrl,
      version: 'v1',
      audience: 'https://graph.windows.net',
    });
    const wrongAudience = await getJson(url, legacyToken.body.access_token as string);
    expect(wrongAudience.status).toBe(401);
    graphError(wrongAudience.json, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');

    const fresh = await requestToken({ baseUrl: emulator.httpUrl });
    expect((await getJson(url, fresh.body.access_token as string)).status).toBe(200);
    emulator.advance(3600_000);
    const expired = await getJson(url, fresh.body.access_token as string);
    expect(expired.status).toBe(401);
    graphError(expired.json, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
  });

  it('answers an app without AuditLog.Read.All with 403 Authentication_MSGraphPermissionMissing', async () => {
    const token = await requestToken({
      baseUrl: emulator.httpUrl,
      clientId: NO_AUDIT_CLIENT_ID,
      clientSecret: NO_AUDIT_CLIENT_SECRET,
    });
    const response = await getJson(auditsUrl(emulator.httpUrl), token.body.access_token as string);
    expect(response.status).toBe(403);
    graphError(
      response.json,
      'Authentication_MSGraphPermissionMissing',
      'Calling principal does not have required MSGraph permissions AuditLog.Read.All'
    );
  });
});

describe('token lifetimes under a fast clock', () => {
  it('reports expires_in in real seconds so clients refresh in step', async () => {
    const fast = await startEmulator({ httpsPort: false, timeScale: 100, eventsPerDay: 100 });
    try {
      const { body } = await requestToken({ baseUrl: fast.httpUrl });
      expect(body.expires_in).toBe(35);
    } finally {
      await fast.close();
    }
  });
});
