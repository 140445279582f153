import '../tools/query-runner/browserEnvironment';

import { DataQueryRequest, DataQueryResponse, dateTime, LoadingState } from '@grafana/data';
import { join } from 'node:path';

import { RunningEmulator, startEmulator } from '../emulator';
import { runSdkProcess } from '../emulator/testing/sdkProcess';
import { emulatorClock, emulatorSettings } from '../integration/harness';
import { AuditQuery } from '../src/core/model/query';
import { AuditJsonData } from '../src/datasource/DataSource';
import { HeadlessRig, startHeadless } from '../tools/query-runner/runHeadless';
import { DASHBOARD_DAYS, DASHBOARD_PANELS } from './dashboard';
import type { WalkerReport } from './pageIteratorWalker';

export interface BenchDashboard {
  emulator: RunningEmulator;
  jsonData: AuditJsonData;
  rig: HeadlessRig;
}

/**
 * The benchmarks' tenant (Microsoft's 5 report requests per 10 s, 250 ms per page, live, on a
 * fast clock) and the real DataSource, through the proxy stand-in, holding the bench dashboard.
 */
export async function startBenchDashboard(options: {
  timeScale: number;
  eventsPerDay: number;
}): Promise<BenchDashboard> {
  const emulator = await startEmulator({
    now: '2026-11-20T12:00:00Z',
    timeScale: options.timeScale,
    throttle: { requests: 5, perSeconds: 10 },
    latencyMs: 250,
    eventsPerDay: options.eventsPerDay,
    live: true,
    seed: 8,
  });
  const jsonData = emulatorSettings(emulator);
  const rig = await startHeadless({
    jsonData,
    secureJsonData: { clientSecret: emulator.clientSecret },
    queries: DASHBOARD_PANELS,
    range: { from: emulator.now() - DASHBOARD_DAYS * 86_400_000, to: emulator.now() },
    clock: emulatorClock(emulator),
  });
  return { emulator, jsonData, rig };
}

export interface PhaseCount {
  requests: number;
  throttled: number;
  /** Emulated seconds from the first panel asking to the last panel done. */
  wallSeconds: number;
  errors: string[];
}

/** Graph report requests the emulator served since `sinceMs` (emulated), 429s among them. */
export function countRequests(emulator: RunningEmulator, sinceMs: number): { requests: number; throttled: number } {
  const served = emulator.requestLog().filter((r) => r.api === 'graph' && r.atMs >= sinceMs);
  return { requests: served.length, throttled: served.filter((r) => r.status === 429).length };
}

/** The dashboard's request for the range `now-7d` to `now` as Grafana would send it at the emulator's now. */
export function dashboardRequest(
  rig: HeadlessRig,
  emulator: RunningEmulator,
  days: number,
  requestId: string
): DataQueryRequest<AuditQuery> {
  const to = dateTime(emulator.now());
  const from = dateTime(emulator.now() - days * 86_400_000);
  const raw = { from: `now-${days}d`, to: 'now' };
  return { ...rig.request, requestId, range: { from, to, raw }, rangeRaw: raw };
}

/** Runs every panel of the request through the real DataSource until each is Done (or failed). */
export function runDashboard(
  rig: HeadlessRig,
  request: DataQueryRequest<AuditQuery>
): Promise<Map<string, DataQueryResponse>> {
  return new Promise((resolve, reject) => {
    const latest = new Map<string, DataQueryResponse>();
    rig.datasource.query(request).subscribe({
      next: (packet) => {
        if (packet.state !== LoadingState.Streaming) {
          latest.set(packet.key ?? '?', packet);
        }
      },
      error: reject,
      complete: () => resolve(latest),
    });
  });
}

/** The PageIterator baseline in its own process: one walk per panel filter, all at once or one by one. */
export function runPageIteratorWalkers(
  emulator: RunningEmulator,
  filters: string[],
  sequential = false
): Promise<WalkerReport> {
  const input = {
    httpsUrl: emulator.httpsUrl,
    tenantId: emulator.tenantId,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    filters,
    sequential,
  };
  return runSdkProcess<WalkerReport>(join(__dirname, 'pageIteratorWalker.ts'), input, emulator.caCertPath);
}
