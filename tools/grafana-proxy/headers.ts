import http from 'node:http';

import type { ProxiedDataSource } from './types';

/** Per-connection headers a reverse proxy never forwards (Go httputil.ReverseProxy). */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

export function jsonDataOf(datasource: ProxiedDataSource): Record<string, unknown> {
  return datasource.jsonData as Record<string, unknown>;
}

/** director + PrepareProxyRequest: what of the browser's request reaches the upstream. */
export function forwardedHeaders(
  req: http.IncomingMessage,
  datasource: ProxiedDataSource,
  userAgent: string
): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {};
  const connectionTokens = String(req.headers.connection ?? '')
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter(Boolean);
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.includes(name) || connectionTokens.includes(name) || name === 'host') {
      continue;
    }
    headers[name] = value;
  }
  // The browser's Authorization is Grafana's own session or API key, never the data source's.
  delete headers.authorization;
  if (typeof headers['x-ds-authorization'] === 'string') {
    headers.authorization = headers['x-ds-authorization'];
    delete headers['x-ds-authorization'];
  }
  delete headers['x-grafana-user'];
  keepCookies(headers, jsonDataOf(datasource).keepCookies);
  headers['user-agent'] = userAgent;
  if (typeof req.headers.referer === 'string') {
    headers['x-grafana-referer'] = req.headers.referer;
  }
  delete headers.origin;
  delete headers.referer;
  delete headers['x-forwarded-host'];
  delete headers['x-forwarded-port'];
  delete headers['x-forwarded-proto'];
  const remote = req.socket.remoteAddress ?? '';
  const prior = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = prior ? `${prior}, ${remote}` : remote;
  return headers;
}

function keepCookies(headers: http.OutgoingHttpHeaders, keep: unknown): void {
  const names = Array.isArray(keep) ? keep.filter((n): n is string => typeof n === 'string') : [];
  const cookie = typeof headers.cookie === 'string' ? headers.cookie : '';
  delete headers.cookie;
  const kept = cookie
    .split(';')
    .map((part) => part.trim())
    .filter(
      (part) =>
        part &&
        names.some((name) => (name.endsWith('[]') ? part.startsWith(name.slice(0, -2)) : part.split('=')[0] === name))
    );
  if (kept.length > 0) {
    headers.cookie = kept.join('; ');
  }
}

export function responseHeaders(upstream: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(upstream)) {
    if (value === undefined || name === 'set-cookie' || HOP_BY_HOP.includes(name)) {
      continue;
    }
    headers[name] = value;
  }
  return headers;
}

export function hasBody(req: http.IncomingMessage): boolean {
  return req.headers['content-length'] !== undefined
    ? req.headers['content-length'] !== '0'
    : req.headers['transfer-encoding'] !== undefined;
}
