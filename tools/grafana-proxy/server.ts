import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';

import { Clock, realClock } from '../../src/core/time/clock';
import { goEncodeQuery, goEscapedPath, goParseQuery, goParseUrl, joinUrlFragments, toBytes } from './goUrl';
import { interpolateString, TemplateData } from './goTemplate';
import { loadPluginRoutes, matchRoute, OrgRole, PluginRoute } from './routes';
import { GenericTokenProvider, tokenCacheKey, TokenRequestRecord } from './tokenProvider';
import { forwardedHeaders, hasBody, jsonDataOf, responseHeaders } from './headers';
import { sendRequest, UpstreamError, UpstreamTarget, UpstreamTls } from './upstream';

export interface ProxiedDataSource {
  uid: string;
  id: number;
  type?: string;
  /** The data source's own URL; this plugin leaves it empty so an unmatched path has nowhere to go. */
  url?: string;
  /** Any JSON object; the typed settings of a plugin are accepted as they are. */
  jsonData: object;
  secureJsonData: Record<string, string>;
  /** When the data source was last saved (ms or Date); part of the token cache key. */
  updated?: number | Date;
}

export interface GrafanaProxyOptions {
  /** plugin.json to read routes from; defaults to this repository's src/plugin.json. */
  pluginJsonPath?: string;
  /** Routes to use instead of reading a plugin.json (for tests of the stand-in itself). */
  routes?: PluginRoute[];
  datasource: ProxiedDataSource;
  /** Grafana's [dataproxy] timeout; 30 s by default. Measured on `clock`. */
  timeoutMs?: number;
  /** Time for token expiry and timeouts; the emulator's clock in integration tests. */
  clock?: Clock;
  /** The signed-in user's org role, checked against a route's reqRole. */
  role?: OrgRole;
  tls?: UpstreamTls;
  /** Receives Grafana-style log lines (data-proxy-log). Never given a secret or a token. */
  log?: (line: string) => void;
  host?: string;
  port?: number;
  grafanaVersion?: string;
}

export interface ProxyAccessRecord {
  method: string;
  /** The request path after `/api/datasources/proxy/uid/<uid>/`, as received (escaped). */
  proxyPath: string;
  route?: string;
  /** scheme://host/path?query actually requested upstream, when a request went out. */
  upstream?: string;
  status: number;
}

export interface GrafanaProxy {
  /** Where the stand-in listens, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** What the DataSource gets as `instanceSettings.url`: `<url>/api/datasources/proxy/uid/<uid>`. */
  dataSourceUrl: string;
  tokenRequests: TokenRequestRecord[];
  accessLog: ProxyAccessRecord[];
  logLines: string[];
  /** Replaces the stored data source, as saving it in Grafana does (a new `updated` drops cached tokens). */
  updateDatasource(next: Partial<ProxiedDataSource>): void;
  close(): Promise<void>;
}

const PROXY_PREFIX = /^\/api\/datasources\/proxy\/(\d+|uid\/[\w-]+)\/?/;
const DEFAULT_PLUGIN_JSON = path.resolve(__dirname, '../../src/plugin.json');

/**
 * A stand-in for Grafana's data-source proxy (`/api/datasources/proxy/uid/<uid>/...`), applying
 * plugin.json routes the way pkg/api/pluginproxy does. See tools/README.md for what it reproduces.
 */
export async function startGrafanaProxy(options: GrafanaProxyOptions): Promise<GrafanaProxy> {
  const clock = options.clock ?? realClock;
  const routes = options.routes ?? loadPluginRoutes(options.pluginJsonPath ?? DEFAULT_PLUGIN_JSON);
  const role = options.role ?? 'Viewer';
  const timeoutMs = options.timeoutMs ?? 30_000;
  const userAgent = `Grafana/${options.grafanaVersion ?? '12.4.10'}`;
  let datasource: ProxiedDataSource = { ...options.datasource };
  const tokenRequests: TokenRequestRecord[] = [];
  const accessLog: ProxyAccessRecord[] = [];
  const logLines: string[] = [];
  const log = (line: string) => {
    const stamped = `logger=data-proxy-log ${line}`;
    logLines.push(stamped);
    options.log?.(stamped);
  };
  const tokens = new GenericTokenProvider({
    clock,
    tls: options.tls,
    log,
    onTokenRequest: (record) => tokenRequests.push(record),
  });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const rawUrl = req.url ?? '/';
    const queryAt = rawUrl.indexOf('?');
    const rawQuery = queryAt < 0 ? '' : rawUrl.slice(queryAt + 1);
    const method = req.method ?? 'GET';
    const record: ProxyAccessRecord = { method, proxyPath: '', status: 0 };
    accessLog.push(record);
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
    const reply = (status: number, body?: string, contentType = 'application/json') => {
      record.status = status;
      if (body === undefined) {
        res.writeHead(status, { 'content-length': '0' }).end();
      } else {
        res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) }).end(body);
      }
    };
    const apiError = (status: number, message: string) => reply(status, JSON.stringify({ message }));

    const identity = /^\/api\/datasources\/proxy\/(?:uid\/([^/]*)|(\d+))(?:\/|$)/.exec(rawPath);
    if (!identity) {
      apiError(404, 'Not found');
      return;
    }
    const [, uid, id] = identity;
    if (uid !== undefined && (!/^[a-zA-Z0-9_-]*$/.test(uid) || uid.length > 40 || uid === '')) {
      apiError(400, 'UID is invalid');
      return;
    }
    if ((uid !== undefined && uid !== datasource.uid) || (id !== undefined && Number(id) !== datasource.id)) {
      apiError(404, 'Unable to find datasource');
      return;
    }
    const proxyPath = rawPath.replace(PROXY_PREFIX, '');
    record.proxyPath = proxyPath;

    const match = matchRoute(routes, method, proxyPath, role);
    if (match.kind === 'denied') {
      apiError(403, 'plugin proxy route access denied');
      return;
    }

    // The data source's own URL is the default target (ValidateURL prepends http:// when no scheme).
    const dsUrl = datasource.url ?? '';
    const target = goParseUrl(/^[^:]*:\/\//.test(dsUrl) ? dsUrl : `http://${dsUrl}`) ?? {
      scheme: '',
      host: '',
      path: '',
    };
    const upstream: UpstreamTarget & { path: string; query: string } = {
      scheme: target.scheme,
      host: target.host,
      path: joinUrlFragments(target.path, proxyPath),
      query: rawQuery,
      pathAndQuery: '',
    };
    const headers = forwardedHeaders(req, datasource, userAgent);
    let body: Buffer | NodeJS.ReadableStream | undefined = hasBody(req) ? req : undefined;

    if (match.kind === 'route') {
      record.route = match.route.path;
      const applied = await applyRoute(match.route, proxyPath, upstream, headers);
      body = applied.body ?? body;
    } else {
      log(`No route matched method=${method} path=${proxyPath}; proxying to the data source URL "${dsUrl}"`);
    }

    upstream.pathAndQuery =
      (upstream.path.startsWith('/') ? '' : '/') + upstream.path + (upstream.query ? `?${upstream.query}` : '');
    record.upstream = `${upstream.scheme}://${upstream.host}${upstream.pathAndQuery}`;
    if (clientGone.signal.aborted) {
      log('Proxy request cancelled by client');
      record.status = 499;
      return;
    }
    try {
      const response = await sendRequest(
        upstream,
        { method, headers, body, timeoutMs, signal: clientGone.signal },
        clock,
        options.tls
      );
      clientGone.signal.addEventListener('abort', () => response.stream.destroy(), { once: true });
      if (response.status === 401) {
        const upstreamBody = await response.readBody();
        log(`Authentication to data source failed statusCode=401 bodyBytes=${upstreamBody.length}`);
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
        log('Proxy request cancelled by client');
        record.status = 499;
        res.destroy();
      } else if (failure.kind === 'timeout') {
        log(`Proxy request timed out err="${failure.message}"`);
        reply(504);
      } else {
        log(`Proxy request failed err="${failure.message}"`);
        reply(502);
      }
    }
  };

  /** ApplyRoute: a failing url template stops it; other failing parts are logged and skipped. */
  const applyRoute = async (
    route: PluginRoute,
    proxyPath: string,
    upstream: { scheme: string; host: string; path: string; query: string },
    headers: http.OutgoingHttpHeaders
  ): Promise<{ body?: Buffer }> => {
    const remainder = proxyPath.startsWith(route.path) ? proxyPath.slice(route.path.length) : proxyPath;
    const data: TemplateData = {
      JsonData: jsonDataOf(datasource),
      SecureJsonData: datasource.secureJsonData,
      URL: datasource.url ?? '',
    };
    if (route.url) {
      let routeUrl;
      try {
        routeUrl = goParseUrl(interpolateString(route.url, data));
      } catch (error) {
        log(`Error interpolating proxy url error="${(error as Error).message}"`);
        return {};
      }
      if (!routeUrl) {
        log('Error parsing plugin route url');
        return {};
      }
      upstream.scheme = routeUrl.scheme;
      upstream.host = routeUrl.host;
      upstream.path = joinUrlFragments(routeUrl.path, remainder);
    }

    try {
      const query = goParseQuery(upstream.query);
      for (const param of route.urlParams ?? []) {
        const name = toBytes(interpolateString(param.name, data));
        const content = toBytes(interpolateString(param.content, data));
        query.set(name, [...(query.get(name) ?? []), content]);
      }
      upstream.query = goEncodeQuery(query);
    } catch (error) {
      log(`Failed to render plugin URL query string error="${(error as Error).message}"`);
    }

    try {
      for (const header of route.headers ?? []) {
        headers[header.name.toLowerCase()] = interpolateString(header.content, data);
      }
    } catch (error) {
      log(`Failed to render plugin headers error="${(error as Error).message}"`);
    }

    let body: Buffer | undefined;
    if (route.body !== undefined && route.body !== null) {
      try {
        const rendered = interpolateString(JSON.stringify(route.body), data);
        JSON.parse(rendered);
        body = Buffer.from(rendered);
        headers['content-length'] = String(body.length);
      } catch (error) {
        log(`Failed to set plugin route body content error="${(error as Error).message}"`);
      }
    }

    const reserved = jsonDataOf(datasource).authenticationType;
    const authType = typeof reserved === 'string' ? reserved : (route.authType ?? '');
    if (authType === '' && route.tokenAuth) {
      try {
        const updated = datasource.updated instanceof Date ? datasource.updated.getTime() : (datasource.updated ?? 0);
        const token = await tokens.getAccessToken(tokenCacheKey(datasource.id, updated, route), route.tokenAuth, data);
        headers.authorization = `Bearer ${token}`;
      } catch (error) {
        log(`Failed to get access token error="${describeTokenError(error)}"`);
      }
    } else if (authType !== '' || route.jwtTokenAuth) {
      log(
        `Failed to resolve auth token provider error="authentication type '${authType || 'jwt'}' not supported by the stand-in"`
      );
    }
    return { body };
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      log(`Unexpected stand-in failure error="${(error as Error).message}"`);
      if (!res.headersSent) {
        res.writeHead(500).end();
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;

  return {
    url,
    get dataSourceUrl() {
      return `${url}/api/datasources/proxy/uid/${datasource.uid}`;
    },
    tokenRequests,
    accessLog,
    logLines,
    updateDatasource(next) {
      datasource = { ...datasource, ...next };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Token errors name their cause; a rendered URL or parameter could hold the secret, so none is quoted. */
function describeTokenError(error: unknown): string {
  if (error instanceof UpstreamError) {
    return `token request failed (${error.kind}): ${error.message}`;
  }
  return error instanceof Error ? error.message : 'unknown error';
}
