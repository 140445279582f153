import { readFileSync } from 'node:fs';

import { cleanRelativePath } from './goUrl';

/** A plugin.json `routes[]` entry, as Grafana's plugins.Route reads it. */
export interface PluginRoute {
  path: string;
  method?: string;
  reqRole?: string;
  reqAction?: string;
  url?: string;
  authType?: string;
  urlParams?: Array<{ name: string; content: string }>;
  headers?: Array<{ name: string; content: string }>;
  body?: unknown;
  tokenAuth?: TokenAuth;
  jwtTokenAuth?: TokenAuth;
}

export interface TokenAuth {
  url: string;
  scopes?: string[];
  params?: Record<string, string>;
}

export type OrgRole = 'Viewer' | 'Editor' | 'Admin';

const ROLE_RANK: Record<OrgRole, number> = { Viewer: 1, Editor: 2, Admin: 3 };

/** Reads the routes of a plugin.json; a plugin without routes has an empty list. */
export function loadPluginRoutes(pluginJsonPath: string): PluginRoute[] {
  const plugin = JSON.parse(readFileSync(pluginJsonPath, 'utf8')) as { routes?: PluginRoute[] };
  return Array.isArray(plugin.routes) ? plugin.routes : [];
}

export type RouteMatch =
  { kind: 'route'; route: PluginRoute } | { kind: 'none' } | { kind: 'denied'; route: PluginRoute };

/**
 * Grafana's validateRequest: routes in file order, the first whose method matches exactly (empty and
 * `*` match any) and whose cleaned path is a plain string prefix of the cleaned proxy path wins.
 * Access is checked on that route only.
 */
export function matchRoute(routes: PluginRoute[], method: string, proxyPath: string, role: OrgRole): RouteMatch {
  const cleanedProxyPath = cleanRelativePath(proxyPath);
  for (const route of routes) {
    if (route.method && route.method !== '*' && route.method !== method) {
      continue;
    }
    if (!cleanedProxyPath.startsWith(cleanRelativePath(route.path))) {
      continue;
    }
    if (!hasRole(route.reqRole, role)) {
      return { kind: 'denied', route };
    }
    return { kind: 'route', route };
  }
  return { kind: 'none' };
}

function hasRole(required: string | undefined, role: OrgRole): boolean {
  if (!required || !(required in ROLE_RANK)) {
    return true;
  }
  return ROLE_RANK[role] >= ROLE_RANK[required as OrgRole];
}
