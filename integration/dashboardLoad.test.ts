import '../tools/query-runner/browserEnvironment';

import { DataFrameDTO } from '@grafana/data';

import { RunningEmulator } from '../emulator';
import { AuditQuery } from '../src/core/model/query';
import { HeadlessRig } from '../tools/query-runner/runHeadless';
import { countsByGroup, nonZero } from './harness';
import { dashboardRequest, reportRequests, runToDone, startLiveDashboard } from './liveDashboard';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const SERVICE = 'Core Directory';

/**
 * Three panels, one walk: A and B ask the same server request, C pushes a service filter down,
 * narrower than A's walk, which serves it. The tenant is live (each event visible after its own ingestion delay of up to
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

describe('a dashboard refreshed every minute against a live tenant', () => {
  let emulator: RunningEmulator;
  let rig: HeadlessRig;

  beforeAll(async () => {
    ({ emulator, rig } = await startLiveDashboard(PANELS));
  });

  afterAll(async () => {
    await rig?.close();
    await emulator?.close();
  });

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
    const cold = await runToDone(rig, dashboardRequest(rig, emulator, 'cold'));
    expectGroundTruth(cold, coldAt - 2 * DAY, coldAt);
    const coldRequests = reportRequests(emulator, coldAt);
    const distinctWalks = new Set(coldRequests.map((r) => new URL(r.url, 'http://x').searchParams.get('$filter')));
    // C's service filter is narrower than A's and B's unfiltered walk, which serves it (issue #8).
    expect(distinctWalks.size).toBe(1);
    // The floor: the one walk's pages, once; the panels sharing it add nothing.
    const floor = Math.ceil(emulator.groundTruth({ from: coldAt - 2 * DAY, to: coldAt }).total / 1000);
    expect(coldRequests).toHaveLength(floor);

    for (let i = 1; i <= 4; i++) {
      emulator.advance(60_000);
      const at = emulator.now();
      const frames = await runToDone(rig, dashboardRequest(rig, emulator, `refresh${i}`));
      // One tail page for the one walk.
      expect(reportRequests(emulator, at)).toHaveLength(1);
      expectGroundTruth(frames, at - 2 * DAY, at);
    }
  });
});
