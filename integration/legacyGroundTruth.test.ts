import '../tools/query-runner/browserEnvironment';

import { LoadingState } from '@grafana/data';

import { RunningEmulator } from '../emulator';
import { HeadlessRunOptions } from '../tools/query-runner/runHeadless';
import { LONG_RANGE, runOnEmulator, SHORT_RANGE } from './runOnEmulator';
import {
  countsByGroup,
  emulatorSettings,
  everythingSeen,
  injectEdges,
  JWT_PATTERN,
  nonZero,
  startFastEmulator,
  sum,
  valuesByLabel,
} from './harness';

// Real servers on a shared machine: generous, though a quiet machine runs each test in a few seconds.
jest.setTimeout(60_000);

/** Settings an admin enters for the emulator's legacy Azure AD Graph: custom cloud, legacy API. */
function legacySettings(emulator: RunningEmulator) {
  return emulatorSettings(emulator, { api: 'legacy', graphUrl: undefined, legacyGraphUrl: emulator.httpUrl });
}

function run(
  emulator: RunningEmulator,
  range: { from: string; to: string },
  query: HeadlessRunOptions['queries'][number],
  extra: Partial<HeadlessRunOptions> = {}
) {
  return runOnEmulator(emulator, range, query, extra, legacySettings(emulator));
}

const legacyRequests = (emulator: RunningEmulator) => emulator.requestLog().filter((r) => r.api === 'legacy');

describe('the DataSource on the legacy Azure AD Graph API, through the Grafana proxy stand-in, against the emulator', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startFastEmulator();
  });

  afterEach(() => emulator.reset());

  afterAll(async () => {
    await emulator.close();
  });

  it('counts every activity exactly as the tenant logged it, edges included, through faults and the throttle', async () => {
    const edges = injectEdges(emulator, LONG_RANGE);
    emulator.setThrottle({ requests: 5, perSeconds: 10 });
    emulator.setFaults([
      { kind: 'status', status: 503, nth: 2, target: 'legacy' },
      { kind: 'reset', nth: 4, target: 'legacy' },
      { kind: 'malformedJson', nth: 6, target: 'legacy' },
      { kind: 'truncatedJson', nth: 8, target: 'legacy' },
      { kind: 'status', status: 500, nth: 10, retryAfterSeconds: 0.05, target: 'legacy' },
    ]);
    const truth = emulator.groundTruth({ ...LONG_RANGE, groupBy: 'activity' });
    const logs: string[] = [];

    const result = await run(
      emulator,
      LONG_RANGE,
      { refId: 'A', format: 'summary', groupBy: 'activity', filters: [] },
      { onLog: (line) => logs.push(line), recordResponses: true }
    );

    expect(result.response.errors).toBeUndefined();
    expect(result.response.state).toBe(LoadingState.Done);
    const counts = countsByGroup(result.response.data[0], 'Activity');
    expect(counts).toEqual(truth.groups);
    expect(sum(Object.values(counts))).toBe(truth.total);
    expect(counts[edges.atFrom]).toBe(1);
    expect(counts[edges.atTo]).toBe(1);
    expect(counts[edges.outside]).toBeUndefined();

    const legacy = legacyRequests(emulator);
    expect(emulator.requestLog().filter((r) => r.api === 'graph')).toEqual([]);
    // The tenant comes from the route, the range with both edges inclusive survives Grafana's re-encoding.
    expect(legacy[0].url).toMatch(new RegExp(`^/${emulator.tenantId}/activities/audit\\?`));
    const first = new URLSearchParams(legacy[0].url.split('?')[1]);
    expect(first.get('api-version')).toBe('beta');
    expect(first.get('$filter')).toBe(`activityDate ge ${LONG_RANGE.from} and activityDate le ${LONG_RANGE.to}`);
    expect(first.has('$top') || first.has('$orderby')).toBe(false);
    const followed = legacy.slice(1).map((r) => [...new URLSearchParams(r.url.split('?')[1]).keys()].sort());
    expect(followed.length).toBeGreaterThanOrEqual(10);
    expect(new Set(followed.map((keys) => keys.join(',')))).toEqual(new Set(['$skiptoken,api-version']));
    expect(legacy.map((r) => r.fault)).toEqual(
      expect.arrayContaining(['status 503', 'reset', 'malformedJson', 'truncatedJson', 'status 500'])
    );

    // The v1 token for the legacy resource came from the proxy stand-in, never the browser side.
    const seen = everythingSeen([result.response, ...result.packets, ...result.browserResponses, ...logs]);
    expect(seen).not.toContain(emulator.clientSecret);
    expect(seen).not.toMatch(JWT_PATTERN);
  });

  it('groups by activity type on a time series and on alert numbers, equal to the ground truth', async () => {
    const truth = emulator.groundTruth({ ...SHORT_RANGE, groupBy: 'activityType' });
    expect(Object.keys(truth.groups).length).toBeGreaterThan(1);

    const series = await run(emulator, SHORT_RANGE, {
      refId: 'A',
      format: 'timeSeries',
      groupBy: 'activityType',
      filters: [],
    });
    expect(series.response.errors).toBeUndefined();
    const perType = valuesByLabel(series.response.data, 'activityType');
    expect(nonZero(Object.fromEntries(Object.entries(perType).map(([type, values]) => [type, sum(values)])))).toEqual(
      truth.groups
    );

    const numbers = await run(emulator, SHORT_RANGE, {
      refId: 'B',
      format: 'alertNumbers',
      groupBy: 'activityType',
      filters: [],
    });
    expect(numbers.response.errors).toBeUndefined();
    const alertCounts = Object.fromEntries(
      Object.entries(valuesByLabel(numbers.response.data, 'activityType')).map(([type, [value]]) => [type, value])
    );
    expect(alertCounts).toEqual(truth.groups);
  });

  it('pushes category, status and activity prefix to the API and counts what the tenant holds for them', async () => {
    const truth = emulator.groundTruth({
      ...SHORT_RANGE,
      filter: "legacyCategory eq 'Directory' and result ne 'success' and startswith(activityDisplayName, 'Update')",
      groupBy: 'activity',
    });
    expect(truth.total).toBeGreaterThan(0);

    const result = await run(emulator, SHORT_RANGE, {
      refId: 'A',
      format: 'summary',
      groupBy: 'activity',
      filters: [
        { field: 'category', operator: 'eq', values: ['Directory'] },
        { field: 'result', operator: 'eq', values: ['failure'] },
        { field: 'activity', operator: 'startsWith', values: ['Update'] },
      ],
    });

    expect(result.response.errors).toBeUndefined();
    expect(countsByGroup(result.response.data[0], 'Activity')).toEqual(truth.groups);
    const first = new URLSearchParams(legacyRequests(emulator)[0].url.split('?')[1]);
    expect(first.get('$filter')).toBe(
      `activityDate ge ${SHORT_RANGE.from} and activityDate le ${SHORT_RANGE.to} and category eq 'Directory' and activityStatus eq -1 and startswith(activity, 'Update')`
    );
  });
});
