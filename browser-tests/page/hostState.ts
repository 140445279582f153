import type { DataQueryResponse, TestDataSourceResponse, TimeRange } from '@grafana/data';

import type { BackendRequestRecord } from './browserBackendSrv';

/** A panel's latest response, reduced to what the tests assert on. */
export interface PanelRecord {
  state: string;
  /** The request's range, epoch ms, for comparing with the emulator's ground truth. */
  range: { from: number; to: number };
  frames: Array<{ name?: string; refId?: string; rows: number; fields: string[]; type?: string }>;
  errors: string[];
}

/**
 * What the host page exposes to the tests as `window.__host`: whether the plugin loaded, every
 * query the editor emitted, every Save & test answer, every panel's response and every request
 * the plugin sent through getBackendSrv(). The tests read it with page.evaluate.
 */
export interface HostState {
  ready: boolean;
  loadError?: string;
  /** Each query the QueryEditor passed to onChange, in order. */
  emitted: unknown[];
  runQueryCalls: number;
  /** Each settings object the ConfigEditor passed to onOptionsChange. */
  optionChanges: unknown[];
  testResults: TestDataSourceResponse[];
  panels: Record<string, PanelRecord>;
  backendRequests: BackendRequestRecord[];
}

export const hostState: HostState = {
  ready: false,
  emitted: [],
  runQueryCalls: 0,
  optionChanges: [],
  testResults: [],
  panels: {},
  backendRequests: [],
};

(window as unknown as { __host: HostState }).__host = hostState;

export function recordPanel(title: string, response: DataQueryResponse, range: TimeRange): void {
  hostState.panels[title] = {
    state: String(response.state ?? ''),
    range: { from: range.from.valueOf(), to: range.to.valueOf() },
    frames: response.data.map((frame) => ({
      name: frame.name,
      refId: frame.refId,
      rows: frame.length ?? frame.fields?.[0]?.values?.length ?? 0,
      fields: (frame.fields ?? []).map((field: { name: string }) => field.name),
      type: frame.meta?.type,
    })),
    errors: (response.errors ?? (response.error ? [response.error] : [])).map((error) => error.message ?? ''),
  };
}
