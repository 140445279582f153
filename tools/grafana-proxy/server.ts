import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';

import { realClock } from '../../src/core/time/clock';
import { handleProxyRequest, ProxyState } from './handler';
import { loadPluginRoutes } from './routes';
import { GenericTokenProvider, TokenRequestRecord } from './tokenProvider';
import type { GrafanaProxy, GrafanaProxyOptions, ProxiedDataSource } from './types';

export type { GrafanaProxy, GrafanaProxyOptions, ProxiedDataSource, ProxyAccessRecord } from './types';

const DEFAULT_PLUGIN_JSON = path.resolve(__dirname, '../../src/plugin.json');

/**
 * A stand-in for Grafana's data-source proxy (`/api/datasources/proxy/uid/<uid>/...`), applying
 * plugin.json routes the way pkg/api/pluginproxy does. See tools/README.md for what it reproduces.
 */
export async function startGrafanaProxy(options: GrafanaProxyOptions): Promise<GrafanaProxy> {
  const clock = options.clock ?? realClock;
  let datasource: ProxiedDataSource = { ...options.datasource };
  const tokenRequests: TokenRequestRecord[] = [];
  const logLines: string[] = [];
  const log = (line: string) => {
    const stamped = `logger=data-proxy-log ${line}`;
    logLines.push(stamped);
    options.log?.(stamped);
  };
  const state: ProxyState = {
    datasource: () => datasource,
    routes: options.routes ?? loadPluginRoutes(options.pluginJsonPath ?? DEFAULT_PLUGIN_JSON),
    role: options.role ?? 'Viewer',
    userAgent: `Grafana/${options.grafanaVersion ?? '12.4.10'}`,
    accessLog: [],
    clock,
    tls: options.tls,
    timeoutMs: options.timeoutMs ?? 30_000,
    log,
    tokens: new GenericTokenProvider({ clock, tls: options.tls, log, onTokenRequest: (r) => tokenRequests.push(r) }),
  };
  const server = http.createServer((req, res) => {
    handleProxyRequest(state, req, res).catch((error) => {
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
    accessLog: state.accessLog,
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
