import type { Clock } from '../../src/core/time/clock';
import type { OrgRole, PluginRoute } from './routes';
import type { TokenRequestRecord } from './tokenProvider';
import type { UpstreamTls } from './upstream';

// The stand-in's public shapes, a leaf the server, the request handler and the header rules all read.

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

/** Where a proxied request goes: the data source's URL, or a matched route's, before it is sent. */
export interface UpstreamRequestTarget {
  scheme: string;
  host: string;
  path: string;
  query: string;
}
