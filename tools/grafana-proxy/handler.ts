import http from 'node:http';

import type { Clock } from '../../src/core/time/clock';
import { applyRoute, RouteContext } from './applyRoute';
import { goEscapedPath, goParseUrl, joinUrlFragments } from './goUrl';
import { forwardedHeaders, hasBody, responseHeaders } from './headers';
import { matchRoute, OrgRole, PluginRoute } from './routes';
import type { ProxiedDataSource, ProxyAccessRecord, UpstreamRequestTarget } from './types';
import { sendRequest, UpstreamError, UpstreamTls } from './upstream';

/** Everything one request needs from the running stand-in; `datasource()` reads the current one. */
export interface ProxyState extends Omit<RouteContext, 'datasource'> {
  datasource(): ProxiedDataSource;
  routes: PluginRoute[];
  role: OrgRole;
  userAgent: string;
  accessLog: ProxyAccessRecord[];
  clock: Clock;
  tls?: UpstreamTls;
  timeoutMs: number;
}

const PROXY_PREFIX = /^\/api\/datasources\/proxy\/(\d+|uid\/[\w-]+)\/?/;

/** Answers one request the way Grafana's data-source proxy does: identify, match a route, forward. */
export async function handleProxyRequest(state: ProxyState, req: http.IncomingMessage, res: http.ServerResponse) {
  const method = req.method ?? 'GET';
  const record: ProxyAccessRecord = { method, proxyPath: '', status: 0 };
  state.accessLog.push(record);
  const rawUrl = req.url ?? '/';
  const queryAt = rawUrl.indexOf('?');
  const rawQuery = queryAt < 0 ? '' : rawUrl.slice(queryAt + 1);
  // Grafana sees the path as Go's server parsed it: URL.EscapedPath(), not the bytes on the wire.
  const rawPath = goEscapedPath(queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt));
  if (rawPath === undefined) {
    record.status = 400;
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('400 Bad Request');
    return;
  }
  // Registered first: the browser may leave while a token is still being fetched.
  const clientGone = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) {
      clientGone.abort();
    }
  });
  const reply = replier(res, record);
  const datasource = state.datasource();
  const refusal = refuseProxyPath(rawPath, datasource);
  if (refusal) {
    reply(refusal.status, JSON.stringify({ message: refusal.message }));
    return;
  }
  const proxyPath = rawPath.replace(PROXY_PREFIX, '');
  record.proxyPath = proxyPath;
  const match = matchRoute(state.routes, method, proxyPath, state.role);
  if (match.kind === 'denied') {
    reply(403, JSON.stringify({ message: 'plugin proxy route access denied' }));
    return;
  }
  const upstream = dataSourceTarget(datasource, proxyPath, rawQuery);
  const headers = forwardedHeaders(req, datasource, state.userAgent);
  let body: Buffer | NodeJS.ReadableStream | undefined = hasBody(req) ? req : undefined;
  if (match.kind === 'route') {
    record.route = match.route.path;
    const context = { datasource, tokens: state.tokens, log: state.log };
    body = (await applyRoute(context, { route: match.route, proxyPath, upstream, headers })).body ?? body;
  } else {
    state.log(
      `No route matched method=${method} path=${proxyPath}; proxying to the data source URL "${datasource.url ?? ''}"`
    );
  }
  await forward(state, { upstream, record, reply, signal: clientGone.signal, res }, { method, headers, body });
}

type Reply = (status: number, body?: string, contentType?: string) => void;

function replier(res: http.ServerResponse, record: ProxyAccessRecord): Reply {
  return (status, body, contentType = 'application/json') => {
    record.status = status;
    if (body === undefined) {
      res.writeHead(status, { 'content-length': '0' }).end();
    } else {
      res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) }).end(body);
    }
  };
}

/** Grafana's answer when the path names no data source, a malformed uid or another data source. */
function refuseProxyPath(
  rawPath: string,
  datasource: ProxiedDataSource
): { status: number; message: string } | undefined {
  const identity = /^\/api\/datasources\/proxy\/(?:uid\/([^/]*)|(\d+))(?:\/|$)/.exec(rawPath);
  if (!identity) {
    return { status: 404, message: 'Not found' };
  }
  const [, uid, id] = identity;
  if (uid !== undefined && (!/^[a-zA-Z0-9_-]*$/.test(uid) || uid.length > 40 || uid === '')) {
    return { status: 400, message: 'UID is invalid' };
  }
  if ((uid !== undefined && uid !== datasource.uid) || (id !== undefined && Number(id) !== datasource.id)) {
    return { status: 404, message: 'Unable to find datasource' };
  }
  return undefined;
}

/** The data source's own URL is the default target (ValidateURL prepends http:// when no scheme). */
function dataSourceTarget(datasource: ProxiedDataSource, proxyPath: string, rawQuery: string): UpstreamRequestTarget {
  const dsUrl = datasource.url ?? '';
  const target = goParseUrl(/^[^:]*:\/\//.test(dsUrl) ? dsUrl : `http://${dsUrl}`) ?? {
    scheme: '',
    host: '',
    path: '',
  };
  return { scheme: target.scheme, host: target.host, path: joinUrlFragments(target.path, proxyPath), query: rawQuery };
}

interface Exchange {
  upstream: UpstreamRequestTarget;
  record: ProxyAccessRecord;
  reply: Reply;
  signal: AbortSignal;
  res: http.ServerResponse;
}

/** Sends the request upstream and relays the answer; transport failures become 502, 504 or 499. */
async function forward(
  state: ProxyState,
  { upstream, record, reply, signal, res }: Exchange,
  request: { method: string; headers: http.OutgoingHttpHeaders; body?: Buffer | NodeJS.ReadableStream }
) {
  const pathAndQuery =
    (upstream.path.startsWith('/') ? '' : '/') + upstream.path + (upstream.query ? `?${upstream.query}` : '');
  record.upstream = `${upstream.scheme}://${upstream.host}${pathAndQuery}`;
  if (signal.aborted) {
    state.log('Proxy request cancelled by client');
    record.status = 499;
    return;
  }
  try {
    const target = { scheme: upstream.scheme, host: upstream.host, pathAndQuery };
    const response = await sendRequest(
      target,
      { ...request, timeoutMs: state.timeoutMs, signal },
      state.clock,
      state.tls
    );
    signal.addEventListener('abort', () => response.stream.destroy(), { once: true });
    if (response.status === 401) {
      const upstreamBody = await response.readBody();
      state.log(`Authentication to data source failed statusCode=401 bodyBytes=${upstreamBody.length}`);
      reply(400, 'Authentication to data source failed', 'text/plain; charset=utf-8');
      return;
    }
    record.status = response.status;
    res.writeHead(response.status, responseHeaders(response.headers));
    response.stream.pipe(res);
    response.stream.on('error', () => res.destroy());
  } catch (error) {
    const failure = error instanceof UpstreamError ? error : new UpstreamError(String(error), 'transport');
    if (failure.kind === 'canceled') {
      state.log('Proxy request cancelled by client');
      record.status = 499;
      res.destroy();
    } else {
      state.log(
        failure.kind === 'timeout'
          ? `Proxy request timed out err="${failure.message}"`
          : `Proxy request failed err="${failure.message}"`
      );
      reply(failure.kind === 'timeout' ? 504 : 502);
    }
  }
}
