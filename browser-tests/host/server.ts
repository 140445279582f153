import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';

import { RunningEmulator } from '../../emulator';
import { GrafanaProxy, startGrafanaProxy } from '../../tools/grafana-proxy';
import { BackendHealth } from './healthBackend';
import { DATASOURCE_UID, publicSettings, SavedDataSource, saveSettings, SettingsUpdate } from './savedDataSource';

export interface TestHostOptions {
  /** The built plugin: module.js, plugin.json, img/. Grafana serves it as public/plugins/<id>/. */
  pluginDir: string;
  /** The esbuild output of browser-tests/page: host.js and host.css. */
  pageDir: string;
  emulator: RunningEmulator;
  /** Runs the Go backend's CheckHealth; without it the health endpoint answers as when no backend runs. */
  backendHealth?: BackendHealth;
  /** What the data source holds before any test saves it. */
  initial: SavedDataSource;
  /** Dashboard variables the page's template service offers. */
  variables: Record<string, string | string[]>;
}

/** A response body that reached the page, kept for the secret checks. */
export interface ServedResponse {
  url: string;
  status: number;
  body: string;
}

export interface TestHost {
  url: string;
  pluginId: string;
  proxy: GrafanaProxy;
  /** Every API answer the host sent to the page (static files excluded). */
  served: ServedResponse[];
  saved(): SavedDataSource;
  /** Puts the data source back as a fresh test expects it, as if saved by an admin. */
  reset(next: SavedDataSource): void;
  /** Off: the health endpoint answers as Grafana does when the plugin's backend is not running. */
  setBackendRunning(running: boolean): void;
  close(): Promise<void>;
}

const ICONS_DIR = path.dirname(require.resolve('@grafana/ui/package.json')) + '/dist/public/img/icons';
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
};

/**
 * The Grafana a browser meets, reduced to what a data source plugin touches: the page shell,
 * `public/plugins/<id>/` from the built plugin, `public/build/img/icons/` from @grafana/ui, the data
 * source API (read, save with secrets kept server-side, health) and the data-source proxy, which is
 * the tools/grafana-proxy stand-in applying plugin.json's routes in front of the tenant emulator.
 */
export async function startTestHost(options: TestHostOptions): Promise<TestHost> {
  const pluginJsonPath = path.join(options.pluginDir, 'plugin.json');
  const pluginId = (JSON.parse(readFileSync(pluginJsonPath, 'utf8')) as { id: string }).id;
  const saved: SavedDataSource = structuredClone(options.initial);
  // Grafana's proxy routes trust the data source's "With CA Cert"; the stand-in takes one CA when it
  // starts, the emulator's, which every test's data source names in secureJsonData.tlsCACert.
  const proxy = await startGrafanaProxy({
    pluginJsonPath,
    datasource: proxiedDataSource(saved, pluginId),
    tls: { ca: options.emulator.caCertPem },
  });
  const state: HostState = {
    options,
    pluginId,
    saved,
    backendRunning: options.backendHealth !== undefined,
    served: [],
    proxy,
  };
  const server = http.createServer((req, res) => {
    handleHostRequest(state, req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        sendJson(state, res, req.url ?? '', 500, { message: `Test host error: ${String(error)}` });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    pluginId,
    proxy,
    served: state.served,
    saved: () => state.saved,
    reset: (next) => {
      state.saved = structuredClone(next);
      syncProxy(state);
    },
    setBackendRunning: (running) => {
      state.backendRunning = running && options.backendHealth !== undefined;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await proxy.close();
    },
  };
}

/** The host's state; `saved` and `backendRunning` change as tests save settings or stop the backend. */
interface HostState {
  options: TestHostOptions;
  pluginId: string;
  saved: SavedDataSource;
  backendRunning: boolean;
  served: ServedResponse[];
  proxy: GrafanaProxy;
}

function syncProxy(state: HostState): void {
  state.proxy.updateDatasource(proxiedDataSource(state.saved, state.pluginId));
}

function sendJson(state: HostState, res: http.ServerResponse, url: string, status: number, body: unknown) {
  const text = JSON.stringify(body);
  state.served.push({ url, status, body: text });
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(text);
}

async function handleHostRequest(state: HostState, req: http.IncomingMessage, res: http.ServerResponse) {
  const route = new URL(req.url ?? '/', 'http://host').pathname;
  const { options, pluginId } = state;
  if (route === '/favicon.ico') {
    return res.writeHead(204).end();
  }
  if (route === '/host/config.json') {
    return sendJson(state, res, route, 200, {
      pluginId,
      moduleUrl: `/public/plugins/${pluginId}/module.js`,
      datasourceUid: DATASOURCE_UID,
      now: options.emulator.now(),
      variables: options.variables,
    });
  }
  const file = staticFile(state, route);
  if (file !== undefined) {
    return sendFile(res, file);
  }
  if (route.startsWith('/api/datasources/proxy/')) {
    return forwardToProxy(req, res, state.proxy.url, state.served);
  }
  return serveDataSourceApi(state, route, req, res);
}

/** The page shell, the page's bundle, the built plugin and @grafana/ui's icons, from disk. */
function staticFile({ options, pluginId }: HostState, route: string): string | undefined {
  const under: Array<[string, string]> = [
    ['/host/', options.pageDir],
    [`/public/plugins/${pluginId}/`, options.pluginDir],
    ['/public/build/img/icons/', ICONS_DIR],
  ];
  if (route === '/' || route === '/index.html') {
    return path.join(__dirname, 'index.html');
  }
  const [prefix, dir] = under.find(([prefix]) => route.startsWith(prefix)) ?? [];
  return prefix === undefined || dir === undefined ? undefined : path.join(dir, route.slice(prefix.length));
}

/** The data source API: read, save (secrets kept server-side) and health. */
async function serveDataSourceApi(
  state: HostState,
  route: string,
  req: http.IncomingMessage,
  res: http.ServerResponse
) {
  const method = req.method ?? 'GET';
  const dsPath = `/api/datasources/uid/${DATASOURCE_UID}`;
  if (route === dsPath && method === 'GET') {
    return sendJson(state, res, route, 200, publicSettings(state.saved, state.pluginId));
  }
  if (route === dsPath && method === 'PUT') {
    const update = JSON.parse(await readBody(req)) as SettingsUpdate;
    state.saved = saveSettings(state.saved, update);
    syncProxy(state);
    const datasource = publicSettings(state.saved, state.pluginId);
    return sendJson(state, res, route, 200, {
      datasource,
      id: datasource.id,
      message: 'Datasource updated',
      name: state.saved.name,
    });
  }
  if (route === `${dsPath}/health` && method === 'GET') {
    const backend = state.options.backendHealth;
    if (!state.backendRunning || !backend) {
      // What Grafana answers when a backend plugin's process is not running.
      return sendJson(state, res, route, 503, { message: 'Plugin unavailable' });
    }
    const answer = await backend.check(state.saved.jsonData, state.saved.secureJsonData);
    return sendJson(state, res, route, answer.status, answer.body);
  }
  sendJson(state, res, route, 404, { message: 'Not found' });
}

function proxiedDataSource(saved: SavedDataSource, pluginId: string) {
  return {
    uid: DATASOURCE_UID,
    id: saved.id,
    type: pluginId,
    url: '',
    // A new `updated` drops the proxy's cached tokens, as saving does in Grafana.
    updated: saved.version,
    jsonData: saved.jsonData as Record<string, unknown>,
    secureJsonData: saved.secureJsonData,
  };
}

function sendFile(res: http.ServerResponse, file: string) {
  if (!existsSync(file)) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end(`Not found: ${path.basename(file)}`);
    return;
  }
  const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(readFileSync(file));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Same origin for the page, as in Grafana; the stand-in does the route and token work. */
function forwardToProxy(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  proxyUrl: string,
  served: ServedResponse[]
) {
  const target = new URL(req.url ?? '/', proxyUrl);
  const upstream = http.request(target, { method: req.method, headers: req.headers, agent: false }, (answer) => {
    const chunks: Buffer[] = [];
    answer.on('data', (chunk: Buffer) => chunks.push(chunk));
    answer.on('end', () => {
      const body = Buffer.concat(chunks);
      served.push({ url: req.url ?? '', status: answer.statusCode ?? 0, body: body.toString('utf8') });
      const headers = { ...answer.headers };
      delete headers['transfer-encoding'];
      headers['content-length'] = String(body.length);
      res.writeHead(answer.statusCode ?? 502, headers).end(body);
    });
  });
  upstream.on('error', () => {
    if (!res.headersSent) {
      res.writeHead(502, { 'content-type': 'application/json' }).end('{"message":"Bad Gateway"}');
    }
  });
  req.pipe(upstream);
}
