import { Clock } from '../../src/core/time/clock';
import { goEncodeQuery, GoValues, toBytes } from './goUrl';
import { interpolateString, TemplateData } from './goTemplate';
import { sendRequest, UpstreamTls } from './upstream';
import { PluginRoute, TokenAuth } from './routes';

/** What the stand-in remembers of a token request: never the parameter values (one is the secret). */
export interface TokenRequestRecord {
  url: string;
  paramNames: string[];
  cacheKey: string;
}

interface CachedToken {
  accessToken: string;
  expiresOn: number;
}

const CACHE_MARGIN_MS = 10_000;
const TOKEN_CLIENT_TIMEOUT_MS = 30_000;

export interface TokenProviderDeps {
  clock: Clock;
  tls?: UpstreamTls;
  log: (line: string) => void;
  onTokenRequest: (record: TokenRequestRecord) => void;
}

/**
 * Grafana's generic client-credentials provider (token_provider_generic.go): a POST of the rendered
 * params, the HTTP status never looked at, `expires_on` before `expires_in`, neither meaning "expired
 * now", and one cache entry per data source id, version, route path and method, reused while it
 * has more than 10 s left. Fetches are serialised, as Grafana holds one mutex across them.
 */
export class GenericTokenProvider {
  private cache = new Map<string, CachedToken>();
  private lock: Promise<unknown> = Promise.resolve();

  constructor(private deps: TokenProviderDeps) {}

  clear(): void {
    this.cache.clear();
  }

  getAccessToken(cacheKey: string, auth: TokenAuth, data: TemplateData): Promise<string> {
    const run = this.lock.then(() => this.fetchOrReuse(cacheKey, auth, data));
    this.lock = run.catch(() => undefined);
    return run;
  }

  private async fetchOrReuse(cacheKey: string, auth: TokenAuth, data: TemplateData): Promise<string> {
    const cached = this.cache.get(cacheKey);
    if (cached && cached.expiresOn > this.deps.clock.now() + CACHE_MARGIN_MS) {
      this.deps.log('Using token from cache');
      return cached.accessToken;
    }
    const url = interpolateString(auth.url, data);
    const params: GoValues = new Map();
    for (const [key, template] of Object.entries(auth.params ?? {})) {
      params.set(toBytes(key), [toBytes(interpolateString(template, data))]);
    }
    const body = Buffer.from(goEncodeQuery(params), 'latin1');
    this.deps.onTokenRequest({ url, paramNames: [...Object.keys(auth.params ?? {})].sort(), cacheKey });
    const response = await sendRequest(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length) },
        body,
        timeoutMs: TOKEN_CLIENT_TIMEOUT_MS,
      },
      this.deps.clock,
      this.deps.tls
    );
    const text = (await response.readBody()).toString('utf8');
    const token = decodeToken(text, this.deps.clock.now());
    this.cache.set(cacheKey, token);
    this.deps.log(`Got new access token ExpiresOn=${new Date(token.expiresOn).toISOString()}`);
    return token.accessToken;
  }
}

/** The cache key Grafana uses: `<id>_<updated unix seconds>_<route path>_<route method>`. */
export function tokenCacheKey(datasourceId: number, updatedMs: number, route: PluginRoute): string {
  return `${datasourceId}_${Math.floor(updatedMs / 1000)}_${route.path}_${route.method ?? ''}`;
}

/** jwtToken.UnmarshalJSON: json.Number fields accept a number or a numeric string, Int64 or error. */
function decodeToken(text: string, now: number): CachedToken {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('invalid character in token response: not JSON');
  }
  if (parsed === null) {
    return { accessToken: '', expiresOn: now };
  }
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('json: cannot unmarshal token response into Go value of type pluginproxy.jwtToken');
  }
  const record = parsed as Record<string, unknown>;
  const accessToken = record.access_token;
  if (accessToken !== undefined && accessToken !== null && typeof accessToken !== 'string') {
    throw new Error('json: cannot unmarshal access_token into Go struct field of type string');
  }
  let expiresOn = now;
  if (record.expires_on !== undefined && record.expires_on !== null) {
    expiresOn = int64(record.expires_on, 'expires_on') * 1000;
  } else if (record.expires_in !== undefined && record.expires_in !== null) {
    expiresOn = now + int64(record.expires_in, 'expires_in') * 1000;
  }
  return { accessToken: (accessToken as string | undefined) ?? '', expiresOn };
}

function int64(value: unknown, name: string): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : undefined;
  if (text === undefined || !/^-?\d+$/.test(text)) {
    throw new Error(`json: ${name} is not an integer`);
  }
  return Number(text);
}
