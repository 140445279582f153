import { IncrementalWalks } from '../coordinate/incrementalWalks';
import { memoryTenant } from './memoryTenant';
import { QueryContext, QueryResult, runQuery } from '../engine';
import { engineDeps, EngineDepsParts } from './engineDeps';
import { AuditQuery, FilterCondition } from '../model/query';
import { resolveSettings } from '../model/settings';
import { runWithClock } from './scriptedTransport';
import { ManualClock } from '../time/manualClock';
import { SharedWalks } from '../coordinate/sharedWalks';

// The tenant and engine the wider-walk tests share (coordinate/widerWalks.test.ts, coordinate/widerCache.test.ts).

export const ENDPOINT = 'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits';
export const NOW = Date.parse('2026-11-20T12:00:00Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** A finished past range: Microsoft adds nothing to it any more. */
export const PAST = { from: NOW - 2 * DAY, to: NOW - DAY };

export const ADD_USER: FilterCondition = { field: 'activity', operator: 'eq', values: ['Add user'] };
export const CORE: FilterCondition = { field: 'service', operator: 'eq', values: ['Core Directory'] };
export const ALL_EVENTS: AuditQuery = { refId: 'A', format: 'events', groupBy: 'activity', filters: [] };
export const query = (refId: string, filters: FilterCondition[], extra: Partial<AuditQuery> = {}): AuditQuery => ({
  refId,
  format: 'events',
  groupBy: 'activity',
  filters,
  ...extra,
});

const ACTIVITIES = ['Add user', 'Delete user', 'Update user', 'Add member to group'];
const SERVICES = ['Core Directory', 'Self-service Group Management'];

/**
 * A tenant of `count` events spread over the past range (plus a few each minute up to now), in
 * four activities and two services, and an engine (one SharedWalks and cache, as one data source).
 */
export function rig(options: { maxEvents?: number; count?: number } = {}) {
  const clock = new ManualClock(NOW);
  const tenant = memoryTenant(clock, ENDPOINT);
  const count = options.count ?? 2500;
  for (let i = 0; i < count; i++) {
    tenant.add(`e${i}`, PAST.from + Math.floor((i * DAY) / count), undefined, 0, {
      activity: ACTIVITIES[i % ACTIVITIES.length],
      service: SERVICES[i % 3 === 0 ? 1 : 0],
    });
  }
  for (let t = NOW - 2 * HOUR; t <= NOW + 10 * MINUTE; t += 5 * MINUTE) {
    tenant.add(`r${t}`, t, t + MINUTE, 0, { activity: ACTIVITIES[(t / MINUTE) % 4] });
  }
  return engine(clock, tenant, options.maxEvents);
}

export function engine(clock: ManualClock, tenant: ReturnType<typeof memoryTenant>, maxEvents?: number) {
  const walks = new SharedWalks(clock);
  const cache = new IncrementalWalks(clock);
  const settings = resolveSettings({
    tenantId: 'contoso.onmicrosoft.com',
    clientId: 'app',
    maxEvents,
    ingestionDelayMinutes: 5,
  });
  const run = (q: AuditQuery, range = PAST, deps: Partial<EngineDepsParts> = {}) => {
    const context: QueryContext = { settings, range, intervalMs: HOUR, maxDataPoints: 1000 };
    return runQuery(
      q,
      context,
      engineDeps({
        transport: tenant.transport,
        clock,
        sharedWalks: walks,
        walkCache: cache,
        random: () => 0,
        ...deps,
      })
    );
  };
  /** The same query on a fresh engine over the same tenant: what its own walk returns, and its requests. */
  const alone = async (q: AuditQuery, range = PAST) => {
    const fresh = engine(clock, tenant, maxEvents);
    const before = tenant.requests.length;
    const result = await runWithClock(clock, fresh.run(q, range));
    return { result, requests: tenant.requests.length - before };
  };
  return { clock, tenant, walks, cache, run, alone };
}

/** A result without its executed query string, which says how it was served. */
export const data = (result: QueryResult) => {
  expect(result.error).toBeUndefined();
  return {
    notices: result.notices,
    frames: result.frames.map((frame) => ({ ...frame, meta: { ...frame.meta, executedQueryString: undefined } })),
  };
};
export const ids = (result: QueryResult) => result.frames[0].fields.find((f) => f.name === 'ID')!.values as string[];
export const firstFilters = (tenant: ReturnType<typeof memoryTenant>) =>
  tenant.requests
    .map((r) => new URL(r.url).searchParams)
    .filter((p) => !p.has('$skiptoken'))
    .map((p) => p.get('$filter'));
