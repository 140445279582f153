import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_TENANT_ID } from '../config';

/** Small fetch helpers for the emulator's own tests; real HTTP, no mocks. */
export interface TokenRequest {
  baseUrl: string;
  tenant?: string;
  clientId?: string;
  clientSecret?: string;
  version?: 'v1' | 'v2';
  /** v2 scope (default `<baseUrl>/.default`) or v1 resource (default `<baseUrl>`). */
  audience?: string;
  grantType?: string;
}

export async function requestToken(req: TokenRequest): Promise<{ status: number; body: Record<string, unknown> }> {
  const version = req.version ?? 'v2';
  const form = new URLSearchParams({
    grant_type: req.grantType ?? 'client_credentials',
    client_id: req.clientId ?? DEMO_CLIENT_ID,
    client_secret: req.clientSecret ?? DEMO_CLIENT_SECRET,
  });
  if (version === 'v2') {
    form.set('scope', req.audience ?? `${req.baseUrl}/.default`);
  } else {
    form.set('resource', req.audience ?? req.baseUrl);
  }
  const path = version === 'v2' ? 'oauth2/v2.0/token' : 'oauth2/token';
  const response = await fetch(`${req.baseUrl}/${req.tenant ?? DEMO_TENANT_ID}/${path}`, {
    method: 'POST',
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function accessToken(req: TokenRequest): Promise<string> {
  const { status, body } = await requestToken(req);
  if (status !== 200) {
    throw new Error(`token request failed with ${status}: ${JSON.stringify(body)}`);
  }
  return body.access_token as string;
}

export interface Fetched {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function getJson(url: string, token?: string): Promise<Fetched> {
  const response = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** `$filter` etc. encoded the way a careful client would. */
export function auditsUrl(baseUrl: string, query: Record<string, string> = {}, version = 'v1.0'): string {
  const qs = Object.entries(query)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return `${baseUrl}/${version}/auditLogs/directoryAudits${qs ? `?${qs}` : ''}`;
}

/** Follows every nextLink; returns all events and the page count. */
export async function walk(
  firstUrl: string,
  token: string
): Promise<{ events: any[]; pages: number; statuses: number[] }> {
  const events: any[] = [];
  const statuses: number[] = [];
  let url: string | undefined = firstUrl;
  let pages = 0;
  while (url) {
    const page = await getJson(url, token);
    statuses.push(page.status);
    if (page.status !== 200) {
      throw new Error(`page ${pages + 1} failed with ${page.status}: ${page.text}`);
    }
    events.push(...page.json.value);
    pages++;
    url = page.json['@odata.nextLink'];
  }
  return { events, pages, statuses };
}
