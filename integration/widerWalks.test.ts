import '../tools/query-runner/browserEnvironment';

import { DataFrameDTO } from '@grafana/data';

import { RunningEmulator } from '../emulator';
import { AuditQuery } from '../src/core/model/query';
import { HeadlessRig } from '../tools/query-runner/runHeadless';
import { countsByGroup, nonZero } from './harness';
import { dashboardRequest, reportRequests, runToDone, startLiveDashboard } from './liveDashboard';

jest.setTimeout(60_000);

const DAY = 86_400_000;

/**
 * An unfiltered panel and two filtered ones over the same range: the filtered panels' server
 * filters are narrower than the unfiltered walk's, so only that walk's pages are asked for, and
 * each panel still equals the emulator's ground truth for its own filter.
 */
const PANELS: AuditQuery[] = [
  { refId: 'A', format: 'summary', groupBy: 'activity', filters: [] },
  {
    refId: 'B',
    format: 'summary',
    groupBy: 'activity',
    filters: [{ field: 'activity', operator: 'eq', values: ['Add user'] }],
  },
  {
    refId: 'C',
    format: 'summary',
    groupBy: 'activity',
    filters: [
      { field: 'service', operator: 'eq', values: ['Core Directory'] },
      { field: 'activity', operator: 'startsWith', values: ['Update'] },
    ],
  },
];
/** Each panel's `$filter` as the emulator's ground truth reads it. */
const TRUTH_FILTERS: Record<string, string | undefined> = {
  A: undefined,
  B: "activityDisplayName eq 'Add user'",
  C: "loggedByService eq 'Core Directory' and startswith(activityDisplayName, 'Update')",
};

describe('a dashboard of an unfiltered panel and narrower filtered panels', () => {
  let emulator: RunningEmulator;
  let rig: HeadlessRig;

  beforeAll(async () => {
    ({ emulator, rig } = await startLiveDashboard(PANELS));
  });

  afterAll(async () => {
    await rig?.close();
    await emulator?.close();
  });

  const firstPageFilters = (since: number) =>
    reportRequests(emulator, since)
      .map((r) => new URL(r.url, 'http://x').searchParams)
      .filter((params) => !params.has('$skiptoken'))
      .map((params) => params.get('$filter') ?? '');

  function expectGroundTruth(frames: Record<string, DataFrameDTO[]>, from: number, to: number) {
    for (const panel of PANELS) {
      const truth = emulator.groundTruth({
        from,
        to,
        groupBy: 'activityDisplayName',
        filter: TRUTH_FILTERS[panel.refId],
      });
      expect(truth.total).toBeGreaterThan(0);
      expect(nonZero(countsByGroup(frames[panel.refId][0], 'Activity'))).toEqual(truth.groups);
    }
  }

  it('loads with the unfiltered walk only, refreshes with its tail only, and every panel equals ground truth', async () => {
    const coldAt = emulator.now();
    const cold = await runToDone(rig, dashboardRequest(rig, emulator, 'cold'));
    expectGroundTruth(cold, coldAt - 2 * DAY, coldAt);
    const filters = firstPageFilters(coldAt);
    expect(filters).toHaveLength(1);
    expect(filters[0]).not.toMatch(/activityDisplayName|loggedByService/);
    const all = emulator.groundTruth({ from: coldAt - 2 * DAY, to: coldAt }).total;
    expect(reportRequests(emulator, coldAt)).toHaveLength(Math.ceil(all / 1000));
    for (const refId of ['B', 'C']) {
      expect(cold[refId][0].meta?.executedQueryString).toContain("No request of this query's own");
    }
    expect(cold.A[0].meta?.executedQueryString).not.toContain("No request of this query's own");

    for (let i = 1; i <= 2; i++) {
      emulator.advance(60_000);
      const at = emulator.now();
      const frames = await runToDone(rig, dashboardRequest(rig, emulator, `refresh${i}`));
      expect(reportRequests(emulator, at)).toHaveLength(1);
      expectGroundTruth(frames, at - 2 * DAY, at);
    }
  });

  it('an event whose activity differs from a panel’s only in letter case: that panel walks itself and keeps Graph’s answer', async () => {
    emulator.advance(60_000);
    const at = emulator.now();
    // Inside the unsettled tail a refresh reads again, as a late event would be.
    emulator.injectEvent({ activityDisplayName: 'add user', activityDateTime: new Date(at - 30_000).toISOString() });
    const frames = await runToDone(rig, dashboardRequest(rig, emulator, 'case'));
    expectGroundTruth(frames, at - 2 * DAY, at);
    expect(nonZero(countsByGroup(frames.A[0], 'Activity'))['add user']).toBe(1);
    expect(frames.B[0].meta?.executedQueryString).not.toContain("No request of this query's own");
    expect(firstPageFilters(at).some((filter) => filter.includes("activityDisplayName eq 'Add user'"))).toBe(true);
    // C's rows are decided whatever the case rule: it is still served.
    expect(frames.C[0].meta?.executedQueryString).toContain("No request of this query's own");
  });
});
