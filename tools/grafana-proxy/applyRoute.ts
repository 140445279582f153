import http from 'node:http';

import { goEncodeQuery, goParseQuery, goParseUrl, joinUrlFragments, toBytes } from './goUrl';
import { interpolateString, TemplateData } from './goTemplate';
import { jsonDataOf } from './headers';
import type { PluginRoute } from './routes';
import { GenericTokenProvider, tokenCacheKey } from './tokenProvider';
import type { ProxiedDataSource, UpstreamRequestTarget } from './types';
import { UpstreamError } from './upstream';

/** What applying a route needs from the stand-in: the stored data source, its token cache and its log. */
export interface RouteContext {
  datasource: ProxiedDataSource;
  tokens: GenericTokenProvider;
  log: (line: string) => void;
}

/** One proxied request as a route rewrites it: `upstream` and `headers` are changed in place. */
export interface RoutedRequest {
  route: PluginRoute;
  proxyPath: string;
  upstream: UpstreamRequestTarget;
  headers: http.OutgoingHttpHeaders;
}

/** A routed request with the template data its route renders and where failures are logged. */
interface Rendering extends RoutedRequest {
  data: TemplateData;
  log: (line: string) => void;
}

/**
 * ApplyRoute (pkg/api/pluginproxy): rewrites the request for its matched route and returns the
 * route's body, if any. A failing url template stops it; other failing parts are logged and skipped.
 */
export async function applyRoute(context: RouteContext, request: RoutedRequest): Promise<{ body?: Buffer }> {
  const { datasource, log } = context;
  const data: TemplateData = {
    JsonData: jsonDataOf(datasource),
    SecureJsonData: datasource.secureJsonData,
    URL: datasource.url ?? '',
  };
  const rendering: Rendering = { ...request, data, log };
  if (request.route.url && !retarget(rendering, request.route.url)) {
    return {};
  }
  addUrlParams(rendering);
  try {
    for (const header of request.route.headers ?? []) {
      request.headers[header.name.toLowerCase()] = interpolateString(header.content, data);
    }
  } catch (error) {
    log(`Failed to render plugin headers error="${(error as Error).message}"`);
  }
  const body = renderBody(rendering);
  await authorize(context, rendering);
  return { body };
}

/** Scheme, host and path from the route's url; false when it does not render or parse. */
function retarget({ route, proxyPath, upstream, data, log }: Rendering, urlTemplate: string): boolean {
  const remainder = proxyPath.startsWith(route.path) ? proxyPath.slice(route.path.length) : proxyPath;
  let routeUrl;
  try {
    routeUrl = goParseUrl(interpolateString(urlTemplate, data));
  } catch (error) {
    log(`Error interpolating proxy url error="${(error as Error).message}"`);
    return false;
  }
  if (!routeUrl) {
    log('Error parsing plugin route url');
    return false;
  }
  upstream.scheme = routeUrl.scheme;
  upstream.host = routeUrl.host;
  upstream.path = joinUrlFragments(routeUrl.path, remainder);
  return true;
}

/** The route's urlParams are added to the client's query, which is re-encoded as url.Values does. */
function addUrlParams({ route, upstream, data, log }: Rendering): void {
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
}

function renderBody({ route, headers, data, log }: Rendering): Buffer | undefined {
  if (route.body === undefined || route.body === null) {
    return undefined;
  }
  try {
    const rendered = interpolateString(JSON.stringify(route.body), data);
    JSON.parse(rendered);
    const body = Buffer.from(rendered);
    headers['content-length'] = String(body.length);
    return body;
  } catch (error) {
    log(`Failed to set plugin route body content error="${(error as Error).message}"`);
    return undefined;
  }
}

/** `jsonData.authenticationType` overrides the route's authType; only the generic token provider is real. */
async function authorize(
  { datasource, tokens, log }: RouteContext,
  { route, headers, data }: Rendering
): Promise<void> {
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
}

/** Token errors name their cause; a rendered URL or parameter could hold the secret, so none is quoted. */
function describeTokenError(error: unknown): string {
  if (error instanceof UpstreamError) {
    return `token request failed (${error.kind}): ${error.message}`;
  }
  return error instanceof Error ? error.message : 'unknown error';
}
