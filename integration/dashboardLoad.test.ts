import '../tools/query-runner/browserEnvironment';

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
import { countsByGroup, EMULATED_NOW, emulatorClock, emulatorSettings, nonZero, startFastEmulator } from './harness';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const SERVICE = 'Core Directory';

/**
 * Three panels, two distinct walks: A and B ask the same server request, C pushes a service
 * filter down. The tenant is live (each event visible after its own ingestion delay of up to
 * 3 minutes) and stands still between refreshes, so every count can be held against ground truth.
 */
const PANELS: AuditQuery[] = [
  { refId: 'A', format: 'summary', groupBy: 'activity', filters: [] },
  { refId: 'B', format: 'events', groupBy: 'activity', filters: [] },
  {
    refId: 'C',
    format: 'summary',
    groupBy: 'activity',
    filters: [{ field: 'service', operator: 'eq', values: [SERVICE] }],
  },
];

function dashboard(rig: HeadlessRig, emulator: RunningEmulator, id: string): DataQueryRequest<AuditQuery> {
  const raw = { from: 'now-2d', to: 'now' };
  const range = { from: dateTime(emulator.now() - 2 * DAY), to: dateTime(emulator.now()), raw };
  return { ...rig.request, requestId: id, range, rangeRaw: raw };
}

function run(rig: HeadlessRig, request: DataQueryRequest<AuditQuery>): Promise<Record<string, DataFrameDTO[]>> {
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

describe('a dashboard refreshed every minute against a live tenant', () => {
  let emulator: RunningEmulator;
  let rig: HeadlessRig;

  beforeAll(async () => {
    // Emulated time nearly stands still: only advance() moves it, so ground truth is exact.
    emulator = await startFastEmulator({
      live: true,
      timeScale: 0.001,
      latencyMs: 0,
      throttle: false,
      eventsPerDay: 3000,
      now: EMULATED_NOW,
    });
    rig = await startHeadless({
      jsonData: emulatorSettings(emulator, { requestBudget: { requests: 1000, perSeconds: 10 } }),
      secureJsonData: { clientSecret: emulator.clientSecret },
      queries: PANELS,
      range: { from: emulator.now() - 2 * DAY, to: emulator.now() },
      clock: emulatorClock(emulator),
    });
  });

  afterAll(async () => {
    await rig?.close();
    await emulator?.close();
  });

  const reportRequests = (since: number) =>
    emulator.requestLog().filter((r) => r.api === 'graph' && r.atMs >= since && r.status === 200);

  function expectGroundTruth(frames: Record<string, DataFrameDTO[]>, from: number, to: number) {
    const all = emulator.groundTruth({ from, to, groupBy: 'activityDisplayName' });
    const core = emulator.groundTruth({
      from,
      to,
      groupBy: 'activityDisplayName',
      filter: `loggedByService eq '${SERVICE}'`,
    });
    expect(nonZero(countsByGroup(frames.A[0], 'Activity'))).toEqual(all.groups);
    expect(nonZero(countsByGroup(frames.C[0], 'Activity'))).toEqual(core.groups);
    const ids = frames.B[0].fields.find((f) => f.name === 'ID')!.values as string[];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(all.total);
  }

  it('loads cold with one walk for every panel (the filtered one served from the wider walk), then refreshes with one tail request, never losing a late event', async () => {
    const coldAt = emulator.now();
    const cold = await run(rig, dashboard(rig, emulator, 'cold'));
    expectGroundTruth(cold, coldAt - 2 * DAY, coldAt);
    const coldRequests = reportRequests(coldAt);
    const distinctWalks = new Set(coldRequests.map((r) => new URL(r.url, 'http://x').searchParams.get('$filter')));
    // C's service filter is narrower than A's and B's unfiltered walk, which serves it (issue #8).
    expect(distinctWalks.size).toBe(1);
    // The floor: the one walk's pages, once; the panels sharing it add nothing.
    const floor = Math.ceil(emulator.groundTruth({ from: coldAt - 2 * DAY, to: coldAt }).total / 1000);
    expect(coldRequests).toHaveLength(floor);

    for (let i = 1; i <= 4; i++) {
      emulator.advance(60_000);
      const at = emulator.now();
      const frames = await run(rig, dashboard(rig, emulator, `refresh${i}`));
      // One tail page for the one walk.
      expect(reportRequests(at)).toHaveLength(1);
      expectGroundTruth(frames, at - 2 * DAY, at);
    }
  });
});
