import { RequestPlan } from '../plan/planRequest';
import { walkAndCollect, WalkOutcome, WalkProgress } from '../walk/walkAndCollect';
import { Walker, WalkParts, WalkRequest, walkSpecOf } from '../walk/walker';
import { IncrementalWalks } from './incrementalWalks';
import { PriorityOf } from './queryPriority';
import { RequestBudget } from './requestBudget';
import { SharedWalks } from './sharedWalks';
import { outlineOf } from './walkOutline';
import { walkSharingWider } from './widerWalks';

/** What the queries of one data source share in a browser; each part is optional (tests leave some out). */
export interface Coordination {
  /** Paces every request to Microsoft's budget (5 report requests per 10 s per app and tenant). */
  budget?: RequestBudget;
  /** Lets queries with the same first request (or a wider one) share one walk. */
  sharedWalks?: SharedWalks;
  /** Keeps finished walks in memory so a refresh fetches only the tail. */
  walkCache?: IncrementalWalks;
}

export interface CoordinatedWalkerOptions extends WalkParts, Coordination {
  /** Who waits for this query (read whenever the budget picks a request); `dashboard` when absent. */
  priority?: PriorityOf;
}

/**
 * One query's walker in the browser: its walks go through the data source's cache, shared walks
 * and budget, in that order, and a 429 anywhere on the budget is reported to the query.
 */
export function coordinatedWalker(options: CoordinatedWalkerOptions): Walker {
  return { walk: (request) => coordinatedWalk(options, request) };
}

async function coordinatedWalk(options: CoordinatedWalkerOptions, request: WalkRequest): Promise<WalkOutcome> {
  // A 429 pauses every query of this data source: each says so rather than looking stuck.
  const stopThrottleNotices = request.onThrottled && options.budget?.onThrottled(request.onThrottled);
  const walk = (plan: RequestPlan, signal?: AbortSignal, progress?: WalkProgress) =>
    sharedWalk(options, request, { plan, signal, progress });
  try {
    if (!options.walkCache) {
      return await walk(request.plan, request.signal, request.progress);
    }
    return await options.walkCache.run({
      plan: request.plan,
      planFor: request.planFor,
      walk,
      maxEvents: request.settings.maxEvents,
      ingestionDelayMs: ingestionDelayMs(request),
      signal: request.signal,
      progress: request.progress,
      outline: outlineFor(request, request.plan),
    });
  } finally {
    stopThrottleNotices?.();
  }
}

/** One walk of `walk.plan` (the query's, or a tail's), shared with other queries when the data source shares. */
function sharedWalk(
  options: CoordinatedWalkerOptions,
  request: WalkRequest,
  walk: { plan: RequestPlan; signal?: AbortSignal; progress?: WalkProgress }
): Promise<WalkOutcome> {
  const spec = walkSpecOf(walk.plan, request.settings, options);
  if (!options.sharedWalks) {
    return walkAndCollect(spec, prioritized(options.budget, walk.signal, options.priority), walk.progress);
  }
  return walkSharingWider({
    walks: options.sharedWalks,
    plan: walk.plan,
    outline: outlineFor(request, walk.plan),
    maxEvents: spec.maxEvents,
    // Events of the last minutes may still arrive (Microsoft's ingestion delay): never reuse such a walk.
    reusable: walk.plan.range.to <= options.clock.now() - ingestionDelayMs(request),
    start: (startPlan, startSignal, startProgress, walkPriority) =>
      walkAndCollect(
        { ...spec, plan: startPlan },
        prioritized(options.budget, startSignal, walkPriority),
        startProgress
      ),
    signal: walk.signal,
    progress: walk.progress,
    priority: options.priority,
  });
}

/**
 * The budget tells walks apart by their signal (a walk with none gets one that never aborts); a
 * shared walk runs at its most urgent member's priority.
 */
function prioritized(budget: RequestBudget | undefined, signal: AbortSignal | undefined, priority?: PriorityOf) {
  if (!priority || !budget) {
    return signal;
  }
  const walkSignal = signal ?? new AbortController().signal;
  budget.prioritize(walkSignal, priority);
  return walkSignal;
}

/** The legacy API's pushed rows compare in ways its events do not show: it never shares across filters. */
function outlineFor(request: WalkRequest, plan: RequestPlan) {
  return request.settings.api === 'legacy' ? undefined : outlineOf(plan, request.rawFilter, request.settings.maxEvents);
}

function ingestionDelayMs(request: WalkRequest): number {
  return request.settings.ingestionDelayMinutes * 60_000;
}
