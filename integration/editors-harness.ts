import '../tools/query-runner/browserEnvironment';

import { DataSourceInstanceSettings } from '@grafana/data';
import { BackendSrv, setBackendSrv, setTemplateSrv } from '@grafana/runtime';

import { RunningEmulator } from '../emulator';
import { realClock } from '../src/core/time/clock';
import { AuditJsonData, DataSource } from '../src/datasource/DataSource';
import { GrafanaProxy, startGrafanaProxy } from '../tools/grafana-proxy';
import { NodeBackendSrv } from '../tools/query-runner/nodeBackendSrv';
import { RunnerTemplateSrv, VariableValues } from '../tools/query-runner/runnerTemplateSrv';
import { emulatorClock, seededRandom } from './harness';

const UID = 'entra-audit-editors';
const PLUGIN_ID = 'auditlens-entraid-datasource';

export interface EditorsRig {
  datasource: DataSource;
  proxy: GrafanaProxy;
  /** `METHOD url` of every request the browser side sent to Grafana. */
  browserRequests: string[];
  /** `status body` of every answer the browser side received. */
  browserResponses: string[];
  close(): Promise<void>;
}

/**
 * The plugin's DataSource as Grafana runs it, in Node: Grafana's data-proxy stand-in serving the
 * routes of src/plugin.json with the stored secret, a Node BackendSrv and TemplateSrv in Grafana's
 * place, the emulator as the tenant. What variables, annotations and Save & test reach is real HTTP.
 */
export async function startEditorsRig(
  emulator: RunningEmulator,
  jsonData: AuditJsonData,
  clientSecret: string,
  variables: VariableValues = {}
): Promise<EditorsRig> {
  const proxy = await startGrafanaProxy({
    clock: realClock,
    datasource: {
      uid: UID,
      id: 1,
      type: PLUGIN_ID,
      url: '',
      updated: Date.now(),
      jsonData,
      secureJsonData: { clientSecret },
    },
  });
  const browserRequests: string[] = [];
  const browserResponses: string[] = [];
  const backendSrv = new NodeBackendSrv({
    baseUrl: proxy.url,
    onRequest: (method, url) => browserRequests.push(`${method} ${url}`),
    onResponse: (status, body) => browserResponses.push(`${status} ${body}`),
  });
  setBackendSrv(backendSrv as unknown as BackendSrv);
  setTemplateSrv(new RunnerTemplateSrv(variables));
  const settings = {
    id: 1,
    uid: UID,
    type: PLUGIN_ID,
    name: 'Entra ID audit logs',
    access: 'proxy',
    url: `/api/datasources/proxy/uid/${UID}`,
    jsonData,
    readOnly: false,
    meta: { id: PLUGIN_ID, name: 'Entra ID audit logs', type: 'datasource', info: {}, module: '', baseUrl: '' },
  } as unknown as DataSourceInstanceSettings<AuditJsonData>;
  const datasource = new DataSource(settings, { clock: emulatorClock(emulator), random: seededRandom() });
  return { datasource, proxy, browserRequests, browserResponses, close: () => proxy.close() };
}
