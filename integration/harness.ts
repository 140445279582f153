import { DataFrameDTO, DataQueryResponse } from '@grafana/data';

import { Clock, realClock } from '../src/core/time/clock';
import { AuditJsonData } from '../src/datasource/DataSource';
import { EmulatorOptions, RunningEmulator, startEmulator } from '../emulator';

/** The emulated instant the tenant's history ends at; every range below sits inside its retention. */
export const EMULATED_NOW = '2026-11-20T12:00:00.000Z';

/**
 * A fast emulator: 2000 emulated ms per real ms, so Microsoft's 10-s throttle window, the engine's
 * backoff and the token lifetime all pass in milliseconds while keeping their ratios.
 */
export function startFastEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({
    now: EMULATED_NOW,
    timeScale: 2000,
    httpsPort: false,
    seed: 11,
    eventsPerDay: 4000,
    latencyMs: 40,
    ...options,
  });
}

/** The emulator's time as the DataSource and the proxy stand-in see it: its `now`, its pace. */
export function emulatorClock(emulator: RunningEmulator): Clock {
  return {
    now: () => emulator.now(),
    sleep: (ms, signal) => realClock.sleep(ms / emulator.timeScale, signal),
  };
}

/** Settings a Grafana admin would enter for the emulator: custom cloud, Graph v1.0. */
export function emulatorSettings(emulator: RunningEmulator, extra: Partial<AuditJsonData> = {}): AuditJsonData {
  return {
    cloud: 'custom',
    api: 'msgraph-v1',
    loginUrl: emulator.httpUrl,
    graphUrl: emulator.httpUrl,
    tenantId: emulator.tenantId,
    clientId: emulator.clientId,
    ...extra,
  } as AuditJsonData;
}

/** Group → value of one numeric field, from a frame with a string group column. */
export function countsByGroup(frame: DataFrameDTO, groupField: string, valueField = 'Count'): Record<string, number> {
  const groups = frame.fields.find((f) => f.name === groupField)?.values as string[] | undefined;
  const values = frame.fields.find((f) => f.name === valueField)?.values as number[] | undefined;
  if (!groups || !values) {
    throw new Error(`frame has no ${groupField}/${valueField} fields: ${frame.fields.map((f) => f.name).join(', ')}`);
  }
  return Object.fromEntries(groups.map((group, i) => [group, values[i]]));
}

/** For label-per-frame shapes (time series, alert numbers): the label value → the frame's numeric values. */
export function valuesByLabel(frames: DataFrameDTO[], label: string): Record<string, number[]> {
  const result: Record<string, number[]> = {};
  for (const frame of frames) {
    const numeric = frame.fields.find((f) => f.type === 'number');
    const group = numeric?.labels?.[label];
    if (numeric && group !== undefined) {
      result[group] = numeric.values as number[];
    }
  }
  return result;
}

export function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Drops zero counts, which ground truth never lists. */
export function nonZero(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));
}

/** Everything a person could see of a run, as one text to scan for secrets. */
export function everythingSeen(parts: Array<DataQueryResponse | unknown>): string {
  return parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join('\n');
}

/** An access token as the emulator (and Microsoft) issue them: a JWT. */
export const JWT_PATTERN = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/;

export interface EdgeEvents {
  atFrom: string;
  atTo: string;
  outside: string;
}

/** Injects one event exactly at `from`, one exactly at `to` and one a millisecond outside each edge. */
export function injectEdges(emulator: RunningEmulator, range: { from: string; to: string }): EdgeEvents {
  const edges = { atFrom: 'Edge test at from', atTo: 'Edge test at to', outside: 'Edge test just outside' };
  emulator.injectEvent({ activityDateTime: range.from, activityDisplayName: edges.atFrom });
  emulator.injectEvent({ activityDateTime: range.to, activityDisplayName: edges.atTo, result: 'failure' });
  emulator.injectEvent({
    activityDateTime: new Date(Date.parse(range.from) - 1).toISOString(),
    activityDisplayName: edges.outside,
  });
  emulator.injectEvent({
    activityDateTime: new Date(Date.parse(range.to) + 1).toISOString(),
    activityDisplayName: edges.outside,
  });
  return edges;
}

/** A deterministic jitter source, so a failing run replays the same retry schedule. */
export function seededRandom(seed = 1): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}
