import { AuditQuery } from '../model/query';
import { ResolvedSettings } from '../model/settings';
import { Clock } from '../time/clock';
import { checkQueryLimits, checkQuerySize } from './checkLimits';
import { planRequest, RequestPlan, TimeRange } from './planRequest';

/** The panel around a query, as planning reads it. */
export interface PlanContext {
  settings: ResolvedSettings;
  range: TimeRange;
  intervalMs: number;
}

/**
 * The plan stage: the query as it arrived is held to its size limit, then (with its defaults)
 * planned over the panel's range and held to the other named limits before any request. Throws
 * the QueryError of the first rule it breaks, in the order pkg/engine checks them.
 */
export function planQuery(arrived: unknown, query: AuditQuery, context: PlanContext, now: number): RequestPlan {
  checkQuerySize(arrived);
  const plan = planRequest(query, context.range, context.settings, now);
  checkQueryLimits(query, context.range, context.intervalMs, context.settings);
  return plan;
}

/**
 * The query planned over another range. Its own scope holds only what planning needs: the walk
 * cache keeps it (a wider walk's tail), and must not keep a finished panel's subscriber alive.
 */
export function plannerFor(query: AuditQuery, settings: ResolvedSettings, clock: Clock) {
  return (range: TimeRange) => planRequest(query, range, settings, clock.now());
}
