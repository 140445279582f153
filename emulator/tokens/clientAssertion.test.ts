import { constants, createHash, createPrivateKey, sign, X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';
import { RunningEmulator, startEmulator, DEMO_CLIENT_ID } from '../index';
import { JWT_BEARER } from './clientAssertion';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ now: '2026-11-20T12:00:00Z', eventsPerDay: 100, httpsPort: false, throttle: false });
});
afterAll(() => emulator.close());

interface Options {
  pem?: string;
  alg?: 'PS256' | 'RS256';
  aud?: string;
  nbf?: number;
  exp?: number;
  tamper?: boolean;
}

const tokenUrl = () => `${emulator.httpUrl}/${emulator.tenantId}/oauth2/v2.0/token`;

/** A client assertion as MSAL signs it: PS256 with x5t#S256, or RS256 with x5t (older clients, ADFS). */
function assertion(o: Options = {}): string {
  const pem = o.pem ?? emulator.clientCertificatePem;
  const cert = new X509Certificate(pem);
  const alg = o.alg ?? 'PS256';
  const thumb = createHash(alg === 'PS256' ? 'sha256' : 'sha1')
    .update(cert.raw)
    .digest('base64');
  const header = { alg, typ: 'JWT', [alg === 'PS256' ? 'x5t#S256' : 'x5t']: thumb };
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    aud: o.aud ?? tokenUrl(),
    iss: DEMO_CLIENT_ID,
    sub: DEMO_CLIENT_ID,
    jti: 'j-1',
    nbf: o.nbf ?? now,
    exp: o.exp ?? now + 600,
  };
  const signed = `${b64(header)}.${b64(claims)}`;
  const key = createPrivateKey(pem);
  const padding =
    alg === 'PS256'
      ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
      : { key, padding: constants.RSA_PKCS1_PADDING };
  const signature = sign('sha256', Buffer.from(signed), padding).toString('base64url');
  return `${signed}.${o.tamper ? signature.slice(0, -4) + 'AAAA' : signature}`;
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

async function post(form: Record<string, string>) {
  const response = await fetch(tokenUrl(), {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: DEMO_CLIENT_ID,
      scope: 'https://graph.microsoft.com/.default openid offline_access profile',
      ...form,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const withAssertion = (o: Options = {}) => post({ client_assertion_type: JWT_BEARER, client_assertion: assertion(o) });

describe('certificate client assertions', () => {
  it.each(['PS256', 'RS256'] as const)('issues a token for an uploaded certificate signing %s', async (alg) => {
    const { status, body } = await withAssertion({ alg });
    expect(status).toBe(200);
    expect(typeof body.access_token).toBe('string');
  });

  it('refuses a certificate that was never uploaded, naming its thumbprint', async () => {
    const other = await generate([{ name: 'commonName', value: 'not uploaded' }], { keyType: 'rsa', keySize: 2048 });
    const { status, body } = await withAssertion({ pem: `${other.cert}\n${other.private}` });
    const thumbprint = createHash('sha256').update(new X509Certificate(other.cert).raw).digest('hex').toUpperCase();
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
    expect(body.error_codes).toEqual([700027]);
    expect(body.error_description).toContain('The key was not found.');
    expect(body.error_description).toContain(thumbprint);
  });

  it('refuses a certificate whose upload has expired', async () => {
    const { status, body } = await withAssertion({ pem: emulator.retiredCertificatePem });
    expect(status).toBe(401);
    expect(body.error_codes).toEqual([700027]);
    expect(body.error_description).toContain('The key used is expired.');
  });

  it('refuses a signature the uploaded key does not verify', async () => {
    const { status, body } = await withAssertion({ tamper: true });
    expect(status).toBe(401);
    expect(body.error_codes).toEqual([700027]);
    expect(body.error_description).toContain('did not match the expected signature value');
  });

  it('refuses an assertion for another token endpoint', async () => {
    const { status, body } = await withAssertion({ aud: 'https://login.microsoftonline.com/x/oauth2/v2.0/token' });
    expect(status).toBe(400);
    expect(body.error_codes).toEqual([50027]);
  });

  it('refuses an assertion outside its lifetime (real seconds, as the client signs)', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    const { status, body } = await withAssertion({ nbf: past - 600, exp: past });
    expect(status).toBe(400);
    expect(body.error_codes).toEqual([700024]);
  });

  it('refuses garbage and an assertion without its type', async () => {
    expect((await post({ client_assertion_type: JWT_BEARER, client_assertion: 'a.b' })).body.error_codes).toEqual([
      50027,
    ]);
    expect((await post({ client_assertion: assertion() })).body.error_codes).toEqual([900144]);
  });
});
