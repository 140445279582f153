import './browserEnvironment';

import {
  CoreApp,
  DataFrame,
  DataFrameDTO,
  DataQueryError,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceInstanceSettings,
  dateTime,
  LoadingState,
  rangeUtil,
  toDataFrameDTO,
} from '@grafana/data';
import { BackendSrv, setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { AuditQuery } from '../../src/core/model/query';
import { Clock, realClock } from '../../src/core/time/clock';
import { AuditJsonData, DataSource } from '../../src/datasource/DataSource';
import { GrafanaProxy, startGrafanaProxy } from '../grafana-proxy';
import { UpstreamTls } from '../grafana-proxy/upstream';
import { NodeBackendSrv } from './nodeBackendSrv';
import { RunnerTemplateSrv, VariableValues } from './runnerTemplateSrv';

const PLUGIN_JSON = path.resolve(__dirname, '../../src/plugin.json');

export interface HeadlessRunOptions {
  jsonData: AuditJsonData;
  secureJsonData: { clientSecret?: string };
  /** Stored queries, as a panel saves them; a query with only a refId gets the editor's defaults. */
  queries: Array<Partial<AuditQuery> & { refId: string }>;
  range: { from: number; to: number; raw?: { from: string; to: string } };
  /** The panel's interval; computed from the range and maxDataPoints as Grafana does when absent. */
  intervalMs?: number;
  maxDataPoints?: number;
  variables?: VariableValues;
  /** The DataSource's clock (the emulator's clock in integration tests). */
  clock?: Clock;
  /**
   * The proxy stand-in's clock, for token expiry and its timeout. Grafana's is the server's real
   * clock, and token lifetimes (expires_in) are real seconds, so this stays real by default.
   */
  proxyClock?: Clock;
  random?: () => number;
  pluginJsonPath?: string;
  proxyTimeoutMs?: number;
  tls?: UpstreamTls;
  /** Data-proxy log lines as they happen. */
  onLog?: (line: string) => void;
  /** Every packet the DataSource emits, streaming ones included. */
  onPacket?: (packet: DataQueryResponse) => void;
  /** Unsubscribes, as a panel that goes away does. */
  signal?: AbortSignal;
  /** Keep every response body the browser side received (for secret scans). */
  recordResponses?: boolean;
}

/** The response as printed: each frame as toDataFrameDTO gives it. */
export interface PrintableResponse {
  state: LoadingState;
  data: DataFrameDTO[];
  errors?: DataQueryError[];
}

export interface HeadlessRunResult {
  response: PrintableResponse;
  packets: DataQueryResponse[];
  proxy: Pick<GrafanaProxy, 'tokenRequests' | 'accessLog' | 'logLines'>;
  /** Every request the DataSource made through Grafana's backend service: method and URL. */
  backendRequests: string[];
  /** With `recordResponses`: `<status> <body>` of every answer the browser side received. */
  browserResponses: string[];
}

const DATASOURCE_UID = 'entra-audit';

/** The pieces of a headless run, for tests that drive the DataSource's Observable themselves. */
export interface HeadlessRig {
  datasource: DataSource;
  request: DataQueryRequest<AuditQuery>;
  proxy: GrafanaProxy;
  backendRequests: string[];
  browserResponses: string[];
  close(): Promise<void>;
}

/**
 * The plugin's real DataSource class in Node: Grafana's proxy stand-in serves the routes of
 * src/plugin.json with the given secret, and a Node BackendSrv and TemplateSrv take Grafana's place.
 */
export async function startHeadless(options: HeadlessRunOptions): Promise<HeadlessRig> {
  const clock = options.clock ?? realClock;
  const pluginJsonPath = options.pluginJsonPath ?? PLUGIN_JSON;
  const pluginId = (JSON.parse(readFileSync(pluginJsonPath, 'utf8')) as { id: string }).id;
  const proxy = await startGrafanaProxy({
    pluginJsonPath,
    clock: options.proxyClock ?? realClock,
    timeoutMs: options.proxyTimeoutMs,
    tls: options.tls,
    log: options.onLog,
    datasource: {
      uid: DATASOURCE_UID,
      id: 1,
      type: pluginId,
      url: '',
      updated: Date.now(),
      jsonData: options.jsonData,
      secureJsonData: options.secureJsonData.clientSecret ? { clientSecret: options.secureJsonData.clientSecret } : {},
    },
  });
  const backendRequests: string[] = [];
  const browserResponses: string[] = [];
  const backendSrv = new NodeBackendSrv({
    baseUrl: proxy.url,
    onRequest: (method, url) => backendRequests.push(`${method} ${url}`),
    onResponse: options.recordResponses ? (status, body) => browserResponses.push(`${status} ${body}`) : undefined,
  });
  setBackendSrv(backendSrv as unknown as BackendSrv);
  const templateSrv = new RunnerTemplateSrv(options.variables);
  setTemplateSrv(templateSrv);

  const datasource = new DataSource(instanceSettings(pluginId, options.jsonData), { clock, random: options.random });
  const request = queryRequest(datasource, options);
  templateSrv.updateTimeRange(request.range);
  return { datasource, request, proxy, backendRequests, browserResponses, close: () => proxy.close() };
}

/**
 * Runs a query headless to its end, merging the packets the DataSource emits the way Grafana's
 * query runner merges them.
 */
export async function runHeadless(options: HeadlessRunOptions): Promise<HeadlessRunResult> {
  const rig = await startHeadless(options);
  try {
    const packets = await collect(rig.datasource, rig.request, options);
    return {
      response: mergePackets(packets),
      packets,
      proxy: { tokenRequests: rig.proxy.tokenRequests, accessLog: rig.proxy.accessLog, logLines: rig.proxy.logLines },
      backendRequests: rig.backendRequests,
      browserResponses: rig.browserResponses,
    };
  } finally {
    await rig.close();
  }
}

function instanceSettings(pluginId: string, jsonData: AuditJsonData): DataSourceInstanceSettings<AuditJsonData> {
  return {
    id: 1,
    uid: DATASOURCE_UID,
    type: pluginId,
    name: 'Entra ID audit logs',
    access: 'proxy',
    // What Grafana gives a proxy-access data source: its proxy path, relative to Grafana.
    url: `/api/datasources/proxy/uid/${DATASOURCE_UID}`,
    jsonData,
    readOnly: false,
    meta: { id: pluginId, name: 'Entra ID audit logs', type: 'datasource', info: {}, module: '', baseUrl: '' },
  } as unknown as DataSourceInstanceSettings<AuditJsonData>;
}

function queryRequest(datasource: DataSource, options: HeadlessRunOptions): DataQueryRequest<AuditQuery> {
  const from = dateTime(options.range.from);
  const to = dateTime(options.range.to);
  const raw = options.range.raw ?? { from: from.toISOString(), to: to.toISOString() };
  const range = { from, to, raw };
  const maxDataPoints = options.maxDataPoints ?? 1000;
  const intervalMs = options.intervalMs ?? rangeUtil.calculateInterval(range, maxDataPoints).intervalMs;
  const defaults = datasource.getDefaultQuery(CoreApp.PanelEditor);
  // Grafana fills an empty query (nothing but its refId) with the editor's defaults, then filters.
  const targets = options.queries
    .map(
      (query) => (Object.keys(query).every((key) => key === 'refId') ? { ...defaults, ...query } : query) as AuditQuery
    )
    .filter((query) => datasource.filterQuery?.(query) ?? true);
  return {
    requestId: 'Q100',
    app: CoreApp.PanelEditor,
    interval: rangeUtil.secondsToHms(intervalMs / 1000),
    intervalMs,
    maxDataPoints,
    range,
    rangeRaw: raw,
    scopedVars: {},
    targets,
    timezone: 'utc',
    startTime: Date.now(),
  } as DataQueryRequest<AuditQuery>;
}

function collect(
  datasource: DataSource,
  request: DataQueryRequest<AuditQuery>,
  options: HeadlessRunOptions
): Promise<DataQueryResponse[]> {
  return new Promise((resolve) => {
    const packets: DataQueryResponse[] = [];
    if (request.targets.length === 0) {
      resolve([{ data: [], state: LoadingState.Done }]);
      return;
    }
    const stream = datasource.query(request);
    const subscription = ('subscribe' in stream ? stream : fromPromise(stream)).subscribe({
      next: (packet: DataQueryResponse) => {
        packets.push(packet);
        options.onPacket?.(packet);
      },
      error: (error: unknown) => {
        packets.push({ data: [], state: LoadingState.Error, errors: [{ message: messageOf(error) }] });
        resolve(packets);
      },
      complete: () => resolve(packets),
    });
    options.signal?.addEventListener(
      'abort',
      () => {
        subscription.unsubscribe();
        resolve(packets);
      },
      { once: true }
    );
  });
}

function fromPromise(promise: Promise<DataQueryResponse>) {
  return {
    subscribe: (observer: {
      next: (r: DataQueryResponse) => void;
      error: (e: unknown) => void;
      complete: () => void;
    }) => {
      promise.then(
        (response) => {
          observer.next(response);
          observer.complete();
        },
        (error) => observer.error(error)
      );
      return { unsubscribe: () => undefined };
    },
  };
}

/** runRequest: the latest packet per key wins; any error makes the whole response an error. */
export function mergePackets(packets: DataQueryResponse[]): PrintableResponse {
  const latest = new Map<string, DataQueryResponse>();
  for (const packet of packets) {
    const key = packet.key ?? (packet.data[0] as DataFrame | undefined)?.refId ?? 'A';
    latest.set(key, packet);
  }
  const finals = [...latest.values()];
  const errors = finals.flatMap((packet) => packet.errors ?? (packet.error ? [packet.error] : []));
  const streaming = finals.some(
    (packet) => packet.state === LoadingState.Streaming || packet.state === LoadingState.Loading
  );
  return {
    state: errors.length > 0 ? LoadingState.Error : streaming ? LoadingState.Streaming : LoadingState.Done,
    data: finals.flatMap((packet) => packet.data.map((frame) => toDataFrameDTO(frame as DataFrame))),
    ...(errors.length > 0 ? { errors } : {}),
  };
}

function messageOf(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') {
    return error.message;
  }
  return String(error);
}
