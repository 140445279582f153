import { FilterCondition } from '../model/query';
import { RequestPlan } from '../plan/planRequest';
import { describeCondition } from '../plan/pushdown';

/** Which wider walk served a query, and what the plugin applied to its events: for the query inspector. */
export interface WiderWalkUse {
  /** The wider walk's `$filter`. */
  filter: string;
  /** The pushed-down rows the wider walk lacks, applied by the plugin with Graph's semantics. */
  extra: FilterCondition[];
}

/** The executed query string of a query served from a wider walk: why no request of its own shows. */
export function describeWiderWalk(plan: RequestPlan, use: WiderWalkUse): string {
  return [
    `No request of this query's own: served from another query's walk (in flight or kept in memory) with the wider $filter=${use.filter}`,
    `Applied by the plugin to that walk's events, comparing as Graph does: ${use.extra.map(describeCondition).join(' and ')}`,
    'What this query sends when it walks alone:',
    plan.executedQueryString,
  ].join('\n');
}
