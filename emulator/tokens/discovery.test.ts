import { request } from 'node:https';
import { DEMO_TENANT_DOMAIN, DEMO_TENANT_ID, RunningEmulator, startEmulator } from '../index';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ now: '2026-11-20T12:00:00Z', eventsPerDay: 100, httpsPort: 0, throttle: false });
});
afterAll(() => emulator.close());

/** GET over the HTTPS listener, trusting only the emulator's CA, as the plugin does with its CA setting. */
function getTrusted(path: string): Promise<{ status: number; body: Record<string, any> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${emulator.httpsUrl}${path}`, { ca: emulator.caCertPem }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('OpenID metadata over HTTPS', () => {
  it('names the authority itself as issuer, and its token endpoint, by GUID or domain', async () => {
    for (const tenant of [DEMO_TENANT_ID, DEMO_TENANT_DOMAIN]) {
      const { status, body } = await getTrusted(`/${tenant}/v2.0/.well-known/openid-configuration`);
      expect(status).toBe(200);
      expect(body.issuer).toBe(`${emulator.httpsUrl}/${DEMO_TENANT_ID}/v2.0`);
      expect(body.token_endpoint).toBe(`${emulator.httpsUrl}/${DEMO_TENANT_ID}/oauth2/v2.0/token`);
      expect(body.authorization_endpoint).toBe(`${emulator.httpsUrl}/${DEMO_TENANT_ID}/oauth2/v2.0/authorize`);
      expect(body.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
    }
  });

  it.each([
    ['an unknown tenant', '11111111-2222-4333-8444-555555555555', 90002],
    ['a malformed tenant', 'not%20a%20tenant', 900023],
  ])('answers %s with Entra ID error body', async (_name, tenant, code) => {
    const { status, body } = await getTrusted(`/${tenant}/v2.0/.well-known/openid-configuration`);
    expect(status).toBe(400);
    expect(body.error_codes).toEqual([code]);
    expect(body.error_description).toMatch(new RegExp(`^AADSTS${code}: `));
  });
});

describe('instance discovery', () => {
  it('makes the host its own only alias and points at the tenant metadata', async () => {
    const authorize = encodeURIComponent(`${emulator.httpsUrl}/${DEMO_TENANT_ID}/oauth2/v2.0/authorize`);
    const { status, body } = await getTrusted(
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${authorize}`
    );
    const host = new URL(emulator.httpsUrl!).host;
    expect(status).toBe(200);
    expect(body.tenant_discovery_endpoint).toBe(
      `${emulator.httpsUrl}/${DEMO_TENANT_ID}/v2.0/.well-known/openid-configuration`
    );
    expect(body.metadata).toEqual([{ preferred_network: host, preferred_cache: host, aliases: [host] }]);
  });

  it('needs the authorization endpoint', async () => {
    const { status, body } = await getTrusted('/common/discovery/instance?api-version=1.1');
    expect(status).toBe(400);
    expect(body.error_codes).toEqual([900144]);
  });
});
