import { constants, createHash, verify, X509Certificate } from 'node:crypto';
import { AppRegistration } from '../config';
import { TokenError } from './tokenErrors';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Entra ID accepts assertions a few minutes off its clock. */
const CLOCK_SKEW_SECONDS = 300;

interface AssertionHeader {
  alg?: string;
  x5t?: string;
  'x5t#S256'?: string;
}

interface AssertionClaims {
  aud?: string;
  iss?: string;
  sub?: string;
  nbf?: number;
  exp?: number;
}

/**
 * Checks a certificate client assertion (private_key_jwt) as Entra ID does: the header's
 * thumbprint names one of the app's registered certificates, that certificate's key verifies the
 * signature (PS256 from MSAL, RS256 from older clients), the registration has not expired, and
 * issuer, subject, audience and lifetime fit. Times are real seconds: the client signs with its
 * own wall clock, not the emulator's.
 */
export function checkClientAssertion(
  assertion: string,
  app: AppRegistration,
  tokenEndpoints: string[],
  nowSeconds: number
): TokenError | undefined {
  const parts = assertion.split('.');
  const header = parts.length === 3 ? (decodeJson(parts[0]) as AssertionHeader | undefined) : undefined;
  const claims = parts.length === 3 ? (decodeJson(parts[1]) as AssertionClaims | undefined) : undefined;
  if (!header || !claims) {
    return assertionErrors.malformed();
  }
  const thumbprint = header['x5t#S256'] ?? header.x5t;
  const algorithm = header['x5t#S256'] ? 'sha256' : 'sha1';
  const wanted = thumbprint === undefined ? undefined : Buffer.from(thumbprint, 'base64');
  const registered = (app.certificates ?? []).find((c) => wanted?.equals(certificateHash(c.pem, algorithm)));
  const shownThumbprint = (wanted ?? Buffer.alloc(0)).toString('hex').toUpperCase();
  if (!registered) {
    return assertionErrors.keyNotFound(shownThumbprint, app.clientId);
  }
  if (!signatureHolds(header.alg, `${parts[0]}.${parts[1]}`, parts[2], registered.pem)) {
    return assertionErrors.badSignature(shownThumbprint, app.clientId);
  }
  if (registered.expired) {
    return assertionErrors.keyExpired(shownThumbprint, app.clientId);
  }
  if (claims.iss !== app.clientId || claims.sub !== app.clientId || !tokenEndpoints.includes(claims.aud ?? '')) {
    return assertionErrors.malformed();
  }
  if (
    typeof claims.nbf !== 'number' ||
    typeof claims.exp !== 'number' ||
    claims.nbf > nowSeconds + CLOCK_SKEW_SECONDS ||
    claims.exp < nowSeconds - CLOCK_SKEW_SECONDS
  ) {
    return assertionErrors.outsideLifetime(nowSeconds, claims.nbf, claims.exp);
  }
  return undefined;
}

function certificateHash(pem: string, algorithm: 'sha1' | 'sha256'): Buffer {
  return createHash(algorithm).update(new X509Certificate(pem).raw).digest();
}

function signatureHolds(alg: string | undefined, signed: string, signature: string, pem: string): boolean {
  const key = new X509Certificate(pem).publicKey;
  const sig = Buffer.from(signature, 'base64url');
  if (alg === 'PS256') {
    return verify(
      'sha256',
      Buffer.from(signed),
      { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO },
      sig
    );
  }
  if (alg === 'RS256') {
    return verify('sha256', Buffer.from(signed), { key, padding: constants.RSA_PKCS1_PADDING }, sig);
  }
  return false;
}

function decodeJson(part: string): unknown {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

const reviewKeys = (clientId: string) =>
  `Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments if you are not using the Graph API.`;

/** Entra ID's answers to a bad client assertion (AADSTS700027 names the reason in its description). */
export const assertionErrors = {
  malformed: (): TokenError => ({
    status: 400,
    error: 'invalid_request',
    code: 50027,
    description: 'JWT token is invalid or malformed.',
  }),
  keyNotFound: (thumbprint: string, clientId: string): TokenError => ({
    status: 401,
    error: 'invalid_client',
    code: 700027,
    description: `Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', ${reviewKeys(clientId)}]`,
  }),
  keyExpired: (thumbprint: string, clientId: string): TokenError => ({
    status: 401,
    error: 'invalid_client',
    code: 700027,
    description: `Client assertion failed signature validation. [Reason - The key used is expired., Thumbprint of key used by client: '${thumbprint}', ${reviewKeys(clientId)}]`,
  }),
  badSignature: (thumbprint: string, clientId: string): TokenError => ({
    status: 401,
    error: 'invalid_client',
    code: 700027,
    description: `Client assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value., Thumbprint of key used by client: '${thumbprint}', ${reviewKeys(clientId)}]`,
  }),
  outsideLifetime: (now: number, nbf: unknown, exp: unknown): TokenError => ({
    status: 400,
    error: 'invalid_client',
    code: 700024,
    description: `Client assertion is not within its valid time range. Current time: ${new Date(now * 1000).toISOString()}, assertion valid from ${typeof nbf === 'number' ? new Date(nbf * 1000).toISOString() : 'unknown'}, expiry time of assertion ${typeof exp === 'number' ? new Date(exp * 1000).toISOString() : 'unknown'}.`,
  }),
};
