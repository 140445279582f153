import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Which API a token is for. `self` is the emulator's own base URL, which stands in for either host. */
export type AudienceClass = 'msgraph' | 'aadgraph' | 'self';

export interface TokenClaims {
  aud: string;
  audClass: AudienceClass;
  tid: string;
  appid: string;
  roles: string[];
  /** Emulated epoch seconds. */
  iat: number;
  nbf: number;
  exp: number;
  ver: '1.0' | '2.0';
}

const MS_GRAPH = [
  'https://graph.microsoft.com',
  'https://graph.microsoft.us',
  'https://dod-graph.microsoft.us',
  'https://microsoftgraph.chinacloudapi.cn',
  '00000003-0000-0000-c000-000000000000',
];
const AAD_GRAPH = [
  'https://graph.windows.net',
  'https://graph.microsoftazure.us',
  'https://graph.chinacloudapi.cn',
  '00000002-0000-0000-c000-000000000000',
];

/** Classifies a v1 `resource` (or a v2 scope without `/.default`); undefined when no such resource exists. */
export function classifyResource(resource: string, selfOrigins: ReadonlySet<string>): AudienceClass | undefined {
  const normalised = resource.trim().replace(/\/+$/, '').toLowerCase();
  if (MS_GRAPH.includes(normalised)) {
    return 'msgraph';
  }
  if (AAD_GRAPH.includes(normalised)) {
    return 'aadgraph';
  }
  return selfOrigins.has(normalised) ? 'self' : undefined;
}

/**
 * JWT-shaped tokens signed with a key that lives only in this process. They are opaque to clients
 * but carry tenant, app, roles, audience and expiry so every API call can check them.
 */
export class TokenSigner {
  private readonly key = randomBytes(32);

  sign(claims: TokenClaims): string {
    const header = encode({ alg: 'HS256', typ: 'JWT' });
    const payload = encode(claims);
    return `${header}.${payload}.${this.mac(`${header}.${payload}`)}`;
  }

  /** The claims of a token this process issued, or undefined when it is not one. */
  verify(token: string): TokenClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) {
      return undefined;
    }
    const expected = Buffer.from(this.mac(`${parts[0]}.${parts[1]}`));
    const actual = Buffer.from(parts[2]);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      return undefined;
    }
    try {
      return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return undefined;
    }
  }

  private mac(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
