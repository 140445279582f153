import { FilterCondition } from '../model/query';
import { RequestPlan, TimeRange } from '../plan/planRequest';
import { serverClause } from '../plan/pushdown';

/**
 * What decides which events a walk returns, so a walk with a wider server filter can serve a
 * narrower query: Graph ANDs the `$filter` clauses, so the narrower query's events are the wider
 * walk's events that also pass the clauses the wider walk lacks.
 */
export interface WalkOutline {
  /** Everything that must be equal: endpoint, page size, events limit, the raw `$filter` clause. */
  family: string;
  /** The pushed-down clauses as pushdown writes them (canonical text), sorted. */
  clauses: string[];
  range: TimeRange;
  /** The whole `$filter`, to tell the query inspector which walk served a query. */
  filter: string;
}

/**
 * The outline of a Microsoft Graph plan. Only Graph plans have one: the legacy API compares some
 * fields in ways its events do not show (apps under `actor/name`, case), so its queries never
 * serve or take from another query's walk.
 */
export function outlineOf(plan: RequestPlan, rawFilter: string | undefined, maxEvents: number): WalkOutline {
  const clauses = [...new Set(plan.serverConditions.map((condition) => serverClause(condition) ?? ''))].sort();
  return {
    family: JSON.stringify([plan.endpoint, plan.pageSize, maxEvents, (rawFilter ?? '').trim()]),
    clauses,
    range: plan.range,
    filter: plan.filter,
  };
}

/** The wider walk's clauses are a strict subset of the narrower query's, all else equal (range aside). */
export function widens(wider: Omit<WalkOutline, 'range'>, narrower: WalkOutline): boolean {
  return (
    wider.family === narrower.family &&
    wider.clauses.length < narrower.clauses.length &&
    wider.clauses.every((clause) => narrower.clauses.includes(clause))
  );
}

export function sameRange(a: TimeRange, b: TimeRange): boolean {
  return a.from === b.from && a.to === b.to;
}

/** Of several eligible wider walks, the one with the most clauses: the fewest events to read through. */
export function narrowest<T extends { outline: Omit<WalkOutline, 'range'> }>(candidates: T[]): T | undefined {
  return candidates.reduce<T | undefined>(
    (best, c) => (!best || c.outline.clauses.length > best.outline.clauses.length ? c : best),
    undefined
  );
}

/** The narrower plan's pushed-down rows the wider walk did not send to Graph. */
export function extraConditions(plan: RequestPlan, wider: Omit<WalkOutline, 'range'>): FilterCondition[] {
  return plan.serverConditions.filter((condition) => !wider.clauses.includes(serverClause(condition) ?? ''));
}
