import {
  DataFrameDTO,
  DataQueryRequest,
  DataQueryResponse,
  dateTime,
  LoadingState,
  toDataFrameDTO,
} from '@grafana/data';

import { RunningEmulator } from '../emulator';
import { AuditQuery } from '../src/core/model/query';
import { HeadlessRig, startHeadless } from '../tools/query-runner/runHeadless';
import { EMULATED_NOW, emulatorClock, emulatorSettings, startFastEmulator } from './harness';

const DAY = 86_400_000;
/** The panels' range: the last two emulated days. */
export const DASHBOARD_SPAN_MS = 2 * DAY;

/**
 * A live tenant that stands still between refreshes (only advance() moves its time, so ground
 * truth is exact) and the real DataSource running `panels` against it, unthrottled.
 * Import '../tools/query-runner/browserEnvironment' before this module.
 */
export async function startLiveDashboard(
  panels: AuditQuery[]
): Promise<{ emulator: RunningEmulator; rig: HeadlessRig }> {
  const emulator = await startFastEmulator({
    live: true,
    timeScale: 0.001,
    latencyMs: 0,
    throttle: false,
    eventsPerDay: 3000,
    now: EMULATED_NOW,
  });
  const rig = await startHeadless({
    jsonData: emulatorSettings(emulator, { requestBudget: { requests: 1000, perSeconds: 10 } }),
    secureJsonData: { clientSecret: emulator.clientSecret },
    queries: panels,
    range: { from: emulator.now() - DASHBOARD_SPAN_MS, to: emulator.now() },
    clock: emulatorClock(emulator),
  });
  return { emulator, rig };
}

/** The dashboard's request for `now-2d` to `now` at the emulator's current instant. */
export function dashboardRequest(
  rig: HeadlessRig,
  emulator: RunningEmulator,
  id: string
): DataQueryRequest<AuditQuery> {
  const raw = { from: 'now-2d', to: 'now' };
  const range = { from: dateTime(emulator.now() - DASHBOARD_SPAN_MS), to: dateTime(emulator.now()), raw };
  return { ...rig.request, requestId: id, range, rangeRaw: raw };
}

/** Each panel's final frames by refId; any panel's error fails the run. */
export function runToDone(
  rig: HeadlessRig,
  request: DataQueryRequest<AuditQuery>
): Promise<Record<string, DataFrameDTO[]>> {
  return new Promise((resolve, reject) => {
    const done: Record<string, DataFrameDTO[]> = {};
    rig.datasource.query(request).subscribe({
      next: (packet: DataQueryResponse) => {
        if (packet.state === LoadingState.Done) {
          done[packet.key!] = packet.data.map((frame) => toDataFrameDTO(frame));
        } else if (packet.state === LoadingState.Error) {
          reject(new Error(JSON.stringify(packet.errors)));
        }
      },
      error: reject,
      complete: () => resolve(done),
    });
  });
}

/** The audit requests Graph answered since `since` (emulated ms). */
export function reportRequests(emulator: RunningEmulator, since: number) {
  return emulator.requestLog().filter((r) => r.api === 'graph' && r.atMs >= since && r.status === 200);
}
