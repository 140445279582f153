import { IncrementalWalks } from '../cache/incrementalWalks';
import { memoryTenant } from '../cache/memoryTenant';
import { QueryContext, QueryResult, runQuery } from '../engine';
import { AuditQuery } from '../model/query';
import { DEFAULT_REQUEST_BUDGET, resolveSettings } from '../model/settings';
import { runWithClock } from '../testing/scriptedTransport';
import { ManualClock } from '../time/manualClock';
import { RequestBudget } from './requestBudget';
import { auditEvent } from '../frames/testEvents';
import { EventCollector } from './collectEvents';
import { MAX_SLICES, mergeSlices, parallelSlices, sliceRange } from './timeSlices';

const ENDPOINT = 'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits';
const NOW = Date.parse('2026-11-20T12:00:00Z');
const HOUR = 3_600_000;
const RANGE = { from: NOW - 8 * HOUR, to: NOW - HOUR };
const EVENTS_QUERY: AuditQuery = { refId: 'A', format: 'events', groupBy: 'activity', filters: [] };

describe('parallelSlices', () => {
  it("never slices with Microsoft's 5 requests per 10 s, however long the range", () => {
    expect(parallelSlices(DEFAULT_REQUEST_BUDGET, { from: 0, to: 30 * 24 * HOUR })).toBe(1);
    expect(parallelSlices({ requests: 10, perSeconds: 10 }, { from: 0, to: 30 * 24 * HOUR })).toBe(1);
  });

  it('slices when the budget sustains at least two requests a second, up to the cap and one hour a slice', () => {
    expect(parallelSlices({ requests: 15, perSeconds: 10 }, { from: 0, to: 24 * HOUR })).toBe(1);
    expect(parallelSlices({ requests: 20, perSeconds: 10 }, { from: 0, to: 24 * HOUR })).toBe(2);
    expect(parallelSlices({ requests: 100, perSeconds: 1 }, { from: 0, to: 24 * HOUR })).toBe(MAX_SLICES);
    expect(parallelSlices({ requests: 100, perSeconds: 1 }, { from: 0, to: 3 * HOUR - 1 })).toBe(2);
    expect(parallelSlices({ requests: 100, perSeconds: 1 }, { from: 0, to: HOUR - 1 })).toBe(1);
  });
});

describe('sliceRange', () => {
  it('covers the range newest first, neighbours sharing their boundary millisecond', () => {
    expect(sliceRange({ from: 0, to: 10 }, 3)).toEqual([
      { from: 6, to: 10 },
      { from: 3, to: 6 },
      { from: 0, to: 3 },
    ]);
  });
});

describe('mergeSlices', () => {
  it('keeps the boundary millisecond from the newer slice only, even for events without an id', () => {
    const range = { from: 0, to: 10 };
    const slices = sliceRange(range, 2);
    const outcome = (slice: { from: number; to: number }, times: number[]) => {
      const collector = new EventCollector(slice, 100, (e) => e as ReturnType<typeof auditEvent>);
      collector.add(times.map((t) => ({ ...auditEvent('', new Date(t).toISOString()), id: '' })));
      return { collector, stoppedEarly: false, requests: [] };
    };
    const merged = mergeSlices(range, slices, [outcome(slices[0], [10, 6, 5]), outcome(slices[1], [5, 4, 0])], 100);
    expect(merged.collector.result(false).events.map((e) => e.time)).toEqual([10, 6, 5, 4, 0]);
  });
});

function rig(
  budget: { requests: number; perSeconds: number },
  options: { maxEvents?: number; timeSlices?: boolean } = {}
) {
  const clock = new ManualClock(NOW);
  const tenant = memoryTenant(clock, ENDPOINT);
  const settings = resolveSettings({
    tenantId: 'contoso.onmicrosoft.com',
    clientId: 'app',
    requestBudget: budget,
    maxEvents: options.maxEvents,
    timeSlices: options.timeSlices ?? true,
  });
  const run = (query = EVENTS_QUERY, range = RANGE): Promise<QueryResult> => {
    const context: QueryContext = { settings, range, intervalMs: 60_000, maxDataPoints: 1000 };
    return runWithClock(
      clock,
      runQuery(query, context, {
        transport: tenant.transport,
        clock,
        budget: new RequestBudget(budget.requests, budget.perSeconds * 1000),
        walkCache: new IncrementalWalks(clock),
        random: () => 0,
      })
    );
  };
  return { clock, tenant, run };
}

const idsOf = (result: QueryResult) => {
  expect(result.error).toBeUndefined();
  return result.frames[0].fields.find((f) => f.name === 'ID')!.values as string[];
};

/** Events on each inner slice boundary: exactly on it, 1 ms and 100 ns either side; and on both range edges. */
function fillEdges(tenant: ReturnType<typeof memoryTenant>, slices: number) {
  const boundaries = sliceRange(RANGE, slices)
    .slice(0, -1)
    .map((s) => s.from);
  boundaries.forEach((b, k) => {
    tenant.add(`b${k}-at`, b);
    tenant.add(`b${k}-at+100ns`, b, b, 1);
    tenant.add(`b${k}-1ms`, b - 1);
    tenant.add(`b${k}-100ns`, b - 1, b - 1, 9999);
    tenant.add(`b${k}+1ms`, b + 1);
  });
  tenant.add('range-from', RANGE.from);
  tenant.add('range-to', RANGE.to);
  tenant.add('before-range', RANGE.from - 1, RANGE.from - 1, 9999);
  tenant.add('after-range', RANGE.to, RANGE.to, 1);
  for (let t = RANGE.from + 7 * 60_000; t < RANGE.to; t += 20 * 60_000) {
    tenant.add(`filler-${t}`, t);
  }
  return boundaries;
}

const firstRequests = (tenant: ReturnType<typeof memoryTenant>) =>
  tenant.requests.filter((r) => !r.url.includes('skiptoken')).map((r) => decodeURIComponent(r.url));

describe('runQuery over parallel time slices', () => {
  it('loses no event and counts none twice at slice edges (on, 1 ms and 100 ns either side)', async () => {
    const { tenant, run } = rig({ requests: 40, perSeconds: 10 });
    const boundaries = fillEdges(tenant, 4);
    expect(boundaries).toHaveLength(3);
    const ids = idsOf(await run());
    expect(firstRequests(tenant)).toHaveLength(4);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(tenant.truth(RANGE.from, RANGE.to).filter((id) => id !== 'after-range'));
    expect(ids).not.toContain('before-range');
    const times = (await run()).frames[0].fields[0].values as number[];
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('gives the same frames as one walk of the whole range', async () => {
    const sliced = rig({ requests: 40, perSeconds: 10 });
    const whole = rig(DEFAULT_REQUEST_BUDGET);
    fillEdges(sliced.tenant, 4);
    fillEdges(whole.tenant, 4);
    for (const format of ['events', 'timeSeries', 'summary'] as const) {
      const a = await sliced.run({ ...EVENTS_QUERY, format });
      const b = await whole.run({ ...EVENTS_QUERY, format });
      expect(a.frames).toEqual(b.frames);
    }
    expect(firstRequests(whole.tenant)).toHaveLength(3);
  });

  it("walks the range in one piece with Microsoft's 5 per 10 s", async () => {
    const { tenant, run } = rig(DEFAULT_REQUEST_BUDGET);
    fillEdges(tenant, 4);
    idsOf(await run());
    const first = firstRequests(tenant);
    expect(first).toHaveLength(1);
    expect(first[0]).toContain(
      `activityDateTime ge ${new Date(RANGE.from).toISOString()} and activityDateTime le ${new Date(RANGE.to).toISOString()}`
    );
  });

  it('walks the range in one piece unless time slices are turned on, whatever the budget', async () => {
    const { tenant, run } = rig({ requests: 40, perSeconds: 10 }, { timeSlices: false });
    fillEdges(tenant, 4);
    idsOf(await run());
    expect(firstRequests(tenant)).toHaveLength(1);
  });

  it('cuts at the newest events when the limit is reached, as one walk would', async () => {
    const sliced = rig({ requests: 40, perSeconds: 10 }, { maxEvents: 10 });
    const whole = rig(DEFAULT_REQUEST_BUDGET, { maxEvents: 10 });
    fillEdges(sliced.tenant, 4);
    fillEdges(whole.tenant, 4);
    const a = await sliced.run();
    const b = await whole.run();
    expect(idsOf(a)).toEqual(idsOf(b));
    expect(a.notices.map((n) => n.text)).toEqual(b.notices.map((n) => n.text));
  });
});
