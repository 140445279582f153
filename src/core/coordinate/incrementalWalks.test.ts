import { QueryContext, QueryResult, runQuery } from '../engine';
import { AuditQuery } from '../model/query';
import { resolveSettings } from '../model/settings';
import { SharedWalks } from './sharedWalks';
import { runWithClock } from '../testing/scriptedTransport';
import { ManualClock } from '../time/manualClock';
import { IncrementalWalks } from './incrementalWalks';
import { memoryTenant } from '../testing/memoryTenant';
import { engineDeps } from '../testing/engineDeps';

const ENDPOINT = 'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits';
const NOW = Date.parse('2026-11-20T12:00:00Z');
const MINUTE = 60_000;
const DAY = 86_400_000;
const DELAY = 5 * MINUTE;

const EVENTS_QUERY: AuditQuery = { refId: 'A', format: 'events', groupBy: 'activity', filters: [] };

function rig(options: { maxEvents?: number; maxCachedEvents?: number } = {}) {
  const clock = new ManualClock(NOW);
  const tenant = memoryTenant(clock, ENDPOINT);
  const cache = new IncrementalWalks(clock, { maxCachedEvents: options.maxCachedEvents });
  const walks = new SharedWalks(clock);
  const settings = resolveSettings({
    tenantId: 'contoso.onmicrosoft.com',
    clientId: 'app',
    ingestionDelayMinutes: DELAY / MINUTE,
    maxEvents: options.maxEvents,
  });
  const runRange = (range: { from: number; to: number }, query = EVENTS_QUERY, signal?: AbortSignal) => {
    const context: QueryContext = { settings, range, intervalMs: 60_000, maxDataPoints: 1000 };
    return runQuery(
      query,
      context,
      engineDeps({ transport: tenant.transport, clock, walkCache: cache, sharedWalks: walks, signal, random: () => 0 })
    );
  };
  /** The dashboard asks `now-<span>` to `now` at the clock's current instant. */
  const run = (query: AuditQuery = EVENTS_QUERY, span = 7 * DAY, signal?: AbortSignal): Promise<QueryResult> =>
    runRange({ from: clock.now() - span, to: clock.now() }, query, signal);
  const refresh = (query?: AuditQuery, span?: number) => runWithClock(clock, run(query, span));
  const refreshRange = (range: { from: number; to: number }, query?: AuditQuery) =>
    runWithClock(clock, runRange(range, query));
  return { clock, tenant, cache, run, refresh, refreshRange };
}

const ids = (result: QueryResult) => {
  expect(result.error).toBeUndefined();
  return [...(result.frames[0].fields.find((f) => f.name === 'ID')!.values as string[])].sort();
};

/** One event every `stepMs` over `span` up to `to`, each visible `lag` after it happened. */
function fill(tenant: ReturnType<typeof memoryTenant>, to: number, span: number, stepMs: number, lag = 0) {
  for (let t = to - span; t <= to; t += stepMs) {
    tenant.add(`e${t}`, t, t + lag);
  }
}

describe('IncrementalWalks: a refresh fetches only the uncached tail', () => {
  it('moves now-7d forward a minute at a time with one request per refresh, exactly the ground truth each time', async () => {
    const { clock, tenant, refresh } = rig();
    fill(tenant, NOW + 20 * MINUTE, 7 * DAY + 20 * MINUTE, 7 * MINUTE);
    const cold = await refresh();
    expect(ids(cold)).toEqual(tenant.truth(NOW - 7 * DAY, NOW));
    const coldRequests = tenant.requests.length;
    expect(coldRequests).toBe(2);

    for (let i = 1; i <= 10; i++) {
      await clock.advance(MINUTE);
      const before = tenant.requests.length;
      const result = await refresh();
      expect(tenant.requests.length - before).toBe(1);
      expect(ids(result)).toEqual(tenant.truth(clock.now() - 7 * DAY, clock.now()));
    }
  });

  it('re-reads the overlap: a late event inside the ingestion delay is picked up, once', async () => {
    const { clock, tenant, refresh } = rig();
    fill(tenant, NOW, DAY, 10 * MINUTE);
    await refresh(EVENTS_QUERY, DAY);
    // Happened 3 minutes ago but Microsoft shows it only 2 minutes from now.
    tenant.add('late', NOW - 3 * MINUTE, NOW + 2 * MINUTE);
    await clock.advance(MINUTE);
    expect(ids(await refresh(EVENTS_QUERY, DAY))).not.toContain('late');
    await clock.advance(2 * MINUTE);
    const result = await refresh(EVENTS_QUERY, DAY);
    expect(ids(result).filter((id) => id === 'late')).toEqual(['late']);
    expect(ids(result)).toEqual(tenant.truth(clock.now() - DAY, clock.now()));
  });

  it('counts an event exactly at the seam between cached and re-fetched events once, and one a millisecond either side', async () => {
    const { clock, tenant, refresh } = rig();
    fill(tenant, NOW, DAY, 30 * MINUTE);
    await refresh(EVENTS_QUERY, DAY);
    // The first walk settled everything up to NOW - DELAY: the refresh re-reads from that instant on.
    const seam = NOW - DELAY;
    tenant.add('seam', seam);
    tenant.add('seam-1', seam - 1);
    tenant.add('seam+1', seam + 1);
    await clock.advance(MINUTE);
    const result = await refresh(EVENTS_QUERY, DAY);
    const got = ids(result);
    expect(got.filter((id) => id.startsWith('seam'))).toEqual(['seam', 'seam+1']);
    // seam-1 sat in the settled part: Microsoft only accepted it late, which the delay setting rules out.
    expect(got).toEqual(tenant.truth(clock.now() - DAY, clock.now()).filter((id) => id !== 'seam-1'));
  });

  it('answers a range that lies wholly in the settled cache without a request', async () => {
    const { clock, tenant, refreshRange } = rig();
    fill(tenant, NOW, DAY, 5 * MINUTE);
    await refreshRange({ from: NOW - DAY, to: NOW });
    const before = tenant.requests.length;
    await clock.advance(MINUTE);
    const past = { from: NOW - 12 * 60 * MINUTE, to: NOW - 60 * MINUTE };
    const result = await refreshRange(past);
    expect(tenant.requests.length).toBe(before);
    expect(ids(result)).toEqual(tenant.truth(past.from, past.to));
  });

  it('walks in full when the range reaches further back than the cache, then serves both', async () => {
    const { tenant, refreshRange } = rig();
    fill(tenant, NOW, 2 * DAY, 5 * MINUTE);
    await refreshRange({ from: NOW - DAY, to: NOW });
    const wider = { from: NOW - 2 * DAY, to: NOW - 60 * MINUTE };
    expect(ids(await refreshRange(wider))).toEqual(tenant.truth(wider.from, wider.to));
    const before = tenant.requests.length;
    expect(ids(await refreshRange(wider))).toEqual(tenant.truth(wider.from, wider.to));
    expect(tenant.requests.length).toBe(before);
  });

  it('keeps no more events than its bound: the least recently used walk goes', async () => {
    const { tenant, cache, refreshRange } = rig({ maxCachedEvents: 400 });
    fill(tenant, NOW, DAY, 5 * MINUTE);
    await refreshRange({ from: NOW - DAY, to: NOW - 60 * MINUTE });
    expect(cache.size).toBe(1);
    const withFilter: AuditQuery = {
      ...EVENTS_QUERY,
      filters: [{ field: 'service', operator: 'eq', values: ['Core Directory'] }],
    };
    await refreshRange({ from: NOW - DAY, to: NOW - 60 * MINUTE }, withFilter);
    expect(cache.size).toBe(1);
    expect(cache.heldEvents).toBeLessThanOrEqual(400);
  });

  it('never caches a walk the events limit cut', async () => {
    const { tenant, cache, refreshRange } = rig({ maxEvents: 50 });
    fill(tenant, NOW, DAY, 5 * MINUTE);
    const result = await refreshRange({ from: NOW - DAY, to: NOW - 60 * MINUTE });
    expect(result.notices.some((n) => n.text.includes('limit'))).toBe(true);
    expect(cache.size).toBe(0);
  });
});

describe('IncrementalWalks with shared walks: panels of one dashboard', () => {
  it('lets two panels with the same server request share one tail walk on refresh', async () => {
    const { clock, tenant, run } = rig();
    fill(tenant, NOW, DAY, 10 * MINUTE);
    const summary: AuditQuery = { ...EVENTS_QUERY, refId: 'B', format: 'summary' };
    await runWithClock(clock, Promise.all([run(EVENTS_QUERY, DAY), run(summary, DAY)]));
    expect(tenant.requests).toHaveLength(1);
    await clock.advance(MINUTE);
    const [events] = await runWithClock(clock, Promise.all([run(EVENTS_QUERY, DAY), run(summary, DAY)]));
    expect(tenant.requests).toHaveLength(2);
    expect(ids(events)).toEqual(tenant.truth(clock.now() - DAY, clock.now()));
  });

  it('finishes a shared walk for the panel still waiting when the other panel is cancelled', async () => {
    const { clock, tenant, run } = rig();
    fill(tenant, NOW, 7 * DAY, 7 * MINUTE);
    const cancelled = new AbortController();
    const summary: AuditQuery = { ...EVENTS_QUERY, refId: 'B', format: 'summary' };
    const gone = run(summary, 7 * DAY, cancelled.signal);
    const kept = run(EVENTS_QUERY, 7 * DAY);
    cancelled.abort();
    await expect(gone).rejects.toMatchObject({ name: 'AbortError' });
    const result = await runWithClock(clock, kept);
    expect(ids(result)).toEqual(tenant.truth(NOW - 7 * DAY, NOW));
    expect(tenant.requests).toHaveLength(2);
  });
});
