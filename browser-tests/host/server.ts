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
  let saved: SavedDataSource = structuredClone(options.initial);
  let backendRunning = options.backendHealth !== undefined;
  const served: ServedResponse[] = [];

  const proxy = await startGrafanaProxy({
    pluginJsonPath,
    datasource: proxiedDataSource(saved, pluginId),
  });
  const syncProxy = () => proxy.updateDatasource(proxiedDataSource(saved, pluginId));

  const sendJson = (res: http.ServerResponse, url: string, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    served.push({ url, status, body: text });
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(text);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const route = url.pathname;
    const method = req.method ?? 'GET';
    const dsPath = `/api/datasources/uid/${DATASOURCE_UID}`;

    if (route === '/' || route === '/index.html') {
      return sendFile(res, path.join(__dirname, 'index.html'));
    }
    if (route === '/favicon.ico') {
      return res.writeHead(204).end();
    }
    if (route === '/host/config.json') {
      return sendJson(res, route, 200, {
        pluginId,
        moduleUrl: `/public/plugins/${pluginId}/module.js`,
        datasourceUid: DATASOURCE_UID,
        now: options.emulator.now(),
        variables: options.variables,
      });
    }
    if (route.startsWith('/host/')) {
      return sendFile(res, path.join(options.pageDir, route.slice('/host/'.length)));
    }
    if (route.startsWith(`/public/plugins/${pluginId}/`)) {
      return sendFile(res, path.join(options.pluginDir, route.slice(`/public/plugins/${pluginId}/`.length)));
    }
    if (route.startsWith('/public/build/img/icons/')) {
      return sendFile(res, path.join(ICONS_DIR, route.slice('/public/build/img/icons/'.length)));
    }
    if (route.startsWith('/api/datasources/proxy/')) {
      return forwardToProxy(req, res, proxy.url, served);
    }
    if (route === dsPath && method === 'GET') {
      return sendJson(res, route, 200, publicSettings(saved, pluginId));
    }
    if (route === dsPath && method === 'PUT') {
      const update = JSON.parse(await readBody(req)) as SettingsUpdate;
      saved = saveSettings(saved, update);
      syncProxy();
      const datasource = publicSettings(saved, pluginId);
      return sendJson(res, route, 200, {
        datasource,
        id: datasource.id,
        message: 'Datasource updated',
        name: saved.name,
      });
    }
    if (route === `${dsPath}/health` && method === 'GET') {
      if (!backendRunning || !options.backendHealth) {
        // What Grafana answers when a backend plugin's process is not running.
        return sendJson(res, route, 503, { message: 'Plugin unavailable' });
      }
      const answer = await options.backendHealth.check(saved.jsonData, saved.secureJsonData);
      return sendJson(res, route, answer.status, answer.body);
    }
    sendJson(res, route, 404, { message: 'Not found' });
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        sendJson(res, req.url ?? '', 500, { message: `Test host error: ${String(error)}` });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    pluginId,
    proxy,
    served,
    saved: () => saved,
    reset: (next) => {
      saved = structuredClone(next);
      syncProxy();
    },
    setBackendRunning: (running) => {
      backendRunning = running && options.backendHealth !== undefined;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await proxy.close();
    },
  };
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
