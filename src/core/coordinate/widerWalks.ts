import { keptByServer } from '../filter/serverSemantics';
import { AuditEvent } from '../model/event';
import { FilterCondition } from '../model/query';
import { RequestPlan, TimeRange } from '../plan/planRequest';
import { CollectedEvents, EventCollector } from '../collect/collectEvents';
import { PriorityOf } from './queryPriority';
import { SharedWalks } from './sharedWalks';
import { WalkOutcome, WalkProgress } from '../walk/walkAndCollect';
import { extraConditions, WalkOutline } from './walkOutline';

/** How a wider walk's events become a narrower query's. */
export interface Narrowing {
  /** The narrower query's pushed-down rows the wider walk lacks, applied with Graph's semantics. */
  extra: FilterCondition[];
  range: TimeRange;
  maxEvents: number;
  /** The wider walk's `$filter`, for the query inspector. */
  widerFilter: string;
}

/**
 * The wider walk's outcome as the narrower query's own walk would have ended, or `undefined` when
 * it cannot stand in for it: the events limit cut it (a cut wider walk is not a complete narrower
 * one), some events were unreadable (they might have passed the filter), or an event's fate under
 * Graph's filter is uncertain (serverSemantics.ts). The caller walks itself then. A failed wider
 * walk (throttled past the give-up bound, refused) is the narrower query's failure too: its own walk
 * would meet the same answer, after spending the budget all over again, so it keeps the wider
 * walk's events so far and its error rather than starting over.
 */
export function narrowOutcome(outcome: WalkOutcome, narrowing: Narrowing): WalkOutcome | undefined {
  const { extra, range, maxEvents, widerFilter } = narrowing;
  const widerWalk = {
    filter: outcome.widerWalk?.filter ?? widerFilter,
    extra: [...(outcome.widerWalk?.extra ?? []), ...extra],
  };
  if (outcome.error !== undefined) {
    const partial = outcome.collector.partial();
    const collector = new EventCollector(range, maxEvents, (event) => event as AuditEvent);
    collector.add(partial.events.filter((event) => keptByServer(extra, [event])?.length === 1));
    return { collector, stoppedEarly: false, requests: outcome.requests, error: outcome.error, widerWalk };
  }
  const collected = outcome.collector.result(outcome.stoppedEarly);
  if (collected.truncated || collected.unreadable > 0) {
    return undefined;
  }
  const kept = keptByServer(extra, collected.events);
  if (!kept) {
    return undefined;
  }
  const collector = new EventCollector(range, maxEvents, (event) => event as AuditEvent);
  collector.add(kept);
  return {
    collector,
    stoppedEarly: false,
    requests: outcome.requests,
    // A wider walk may itself have been served by a wider one (a cached walk's tail).
    widerWalk,
  };
}

/**
 * Streams the wider walk's partial results narrowed to this query. An uncertain event is left out
 * of a partial result; the final result decides whether the wider walk serves at all.
 */
export function narrowProgress(progress: WalkProgress, extra: FilterCondition[]): WalkProgress {
  return (collector, requests) =>
    progress(
      {
        partial: (): CollectedEvents => {
          const partial = collector.partial();
          const events = partial.events.filter((event) => keptByServer(extra, [event])?.length === 1);
          return { ...partial, events, fetched: events.length };
        },
      },
      requests
    );
}

export interface SharedWalkRequest {
  walks: SharedWalks;
  plan: RequestPlan;
  /** Absent: this walk neither takes from nor serves a walk with another server filter (the legacy API). */
  outline?: WalkOutline;
  maxEvents: number;
  /** False when Microsoft may still add events to the range (see SharedWalks.run). */
  reusable: boolean;
  /** Walks a plan itself, at the priority of the most urgent query waiting for the walk. */
  start: (plan: RequestPlan, signal: AbortSignal, progress: WalkProgress, priority: PriorityOf) => Promise<WalkOutcome>;
  signal?: AbortSignal;
  progress?: WalkProgress;
  /** This query's priority: a walk it joins, its own or a wider one, runs at least at it. */
  priority?: PriorityOf;
}

/**
 * One walk of a plan, shared: joins a walk with a wider server filter over the same range when one
 * is in flight or reusable and its events can stand in (`narrowOutcome`), else walks (or joins the
 * walk of) the plan's own first request. Microsoft allows 5 requests per 10 s: a panel of
 * "Add user" events next to a panel of all events must not walk the same pages again.
 */
export async function walkSharingWider(request: SharedWalkRequest): Promise<WalkOutcome> {
  const { walks, plan, outline, maxEvents } = request;
  const key = `${plan.firstUrl} ${maxEvents}`;
  const own = () =>
    walks.run({
      key,
      start: (signal, progress, priority) => request.start(plan, signal, progress, priority),
      signal: request.signal,
      progress: request.progress,
      reusable: request.reusable,
      outline,
      priority: request.priority,
    });
  // A walk of this very request, when there is one, needs no filtering and no case rule.
  const wider = outline && !walks.has(key) ? walks.findWider(outline) : undefined;
  if (!wider) {
    return own();
  }
  const extra = extraConditions(plan, wider.outline);
  const joined = walks.joinExisting(wider.key, {
    signal: request.signal,
    progress: request.progress && narrowProgress(request.progress, extra),
    priority: request.priority,
  });
  if (!joined) {
    return own();
  }
  const narrowing = { extra, range: plan.range, maxEvents, widerFilter: wider.outline.filter };
  return narrowOutcome(await joined, narrowing) ?? own();
}
