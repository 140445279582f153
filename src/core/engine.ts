import { collect, emptyCollection } from './collect/collect';
import { CollectedEvents } from './collect/collectEvents';
import { ROWS_PER_SLICE, YieldToEventLoop } from './frames/buildFramesInSlices';
import { CanonicalRequest, Notice } from './frames/canonical';
import { frameResult } from './frames/frameResult';
import { AuditQuery, withQueryDefaults } from './model/query';
import { wellFormedJson } from './model/wellFormed';
import { partialResults } from './partialResults';
import { plannerFor, planQuery } from './plan/planQuery';
import { RequestPlan } from './plan/planRequest';
import { failure, QueryContext, QueryResult } from './result';
import { Clock } from './time/clock';
import { WalkOutcome } from './walk/walkAndCollect';
import { Walker } from './walk/walker';
import { describeWiderWalk } from './walk/widerWalkUse';

export type { QueryContext, QueryResult } from './result';
export type { Walker, WalkRequest } from './walk/walker';
export { plainWalker } from './walk/walker';
export { coordinatedWalker } from './coordinate/coordinatedWalker';
export type { Transport, TransportRequest, TransportResponse } from './walk/transport';
export { toCanonicalRequest } from './walk/canonicalRequest';
export { SharedWalks } from './coordinate/sharedWalks';
export { IncrementalWalks } from './coordinate/incrementalWalks';
export type { CanonicalFrame, CanonicalRequest, Notice } from './frames/canonical';
export { macrotaskYield } from './frames/buildFramesInSlices';
export type { YieldToEventLoop } from './frames/buildFramesInSlices';

export interface QueryDeps {
  /** Walks the plan's pages: `plainWalker`, or the browser's `coordinatedWalker` (budget, shared walks, cache). */
  walker: Walker;
  clock: Clock;
  signal?: AbortSignal;
  /** Called while pages are still coming (when the fetched count doubles or a second has passed) with frames so far. */
  onProgress?: (partial: QueryResult) => void;
  /**
   * Frames are built a slice of rows at a time with this between slices (the browser passes a
   * macrotask yield, so framing 100k events never blocks the page for long). Without it, frames
   * are built in one synchronous pass and progress is reported synchronously.
   */
  yieldToEventLoop?: YieldToEventLoop;
  /** Rows framed between two yields; ROWS_PER_SLICE unless a test wants many slices from few events. */
  rowsPerSlice?: number;
}

/**
 * Query + settings → plan → walk → collect → frames, the stages of Go's engine.RunFrom. Errors
 * come back in `error` (never thrown), except cancellation, which rejects with an AbortError so a
 * cancelled panel never shows a result.
 */
export async function runQuery(query: AuditQuery, context: QueryContext, deps: QueryDeps): Promise<QueryResult> {
  const full = withQueryDefaults(wellFormedJson(query));
  let plan: RequestPlan;
  try {
    plan = planQuery(query, full, context, deps.clock.now());
  } catch (error) {
    return failure(error, [], '');
  }
  const frame = framer(full, context, deps);
  if (plan.outsideRetention) {
    return frame(plan, emptyCollection(plan), []);
  }
  const outcome = await walk({ query: full, context, plan, deps, frame });
  if (outcome.widerWalk) {
    plan = { ...plan, executedQueryString: describeWiderWalk(plan, outcome.widerWalk) };
  }
  const collected = collect(outcome, full.format, context.settings.maxEvents);
  if ('error' in collected) {
    return failure(collected.error, outcome.requests, plan.executedQueryString);
  }
  return frame(plan, collected, outcome.requests);
}

/** Frames a collection of a plan; a partial result (while pages come) carries its own notices, possibly none. */
type Framer = (
  plan: RequestPlan,
  collected: CollectedEvents,
  requests: CanonicalRequest[],
  partialNotices?: Notice[]
) => QueryResult | Promise<QueryResult>;

function framer(query: AuditQuery, context: QueryContext, deps: QueryDeps): Framer {
  const slicing = deps.yieldToEventLoop
    ? { yieldToEventLoop: deps.yieldToEventLoop, rowsPerSlice: deps.rowsPerSlice ?? ROWS_PER_SLICE }
    : undefined;
  return (plan, collected, requests, partialNotices) =>
    frameResult(
      {
        query,
        context,
        plan,
        collected,
        requests,
        partial: partialNotices !== undefined,
        extraNotices: partialNotices,
      },
      slicing
    );
}

/** The walk stage through the injected walker, streaming partial results while pages come when asked to. */
async function walk(stage: {
  query: AuditQuery;
  context: QueryContext;
  plan: RequestPlan;
  deps: QueryDeps;
  frame: Framer;
}): Promise<WalkOutcome> {
  const { query, context, plan, deps } = stage;
  const partials =
    deps.onProgress &&
    partialResults({
      plan,
      frame: (collected, requests, notices) => stage.frame(plan, collected, requests, notices),
      onProgress: deps.onProgress,
      clock: deps.clock,
      throttleGiveUpMinutes: context.settings.throttleGiveUpMinutes,
    });
  const outcome = await deps.walker
    .walk({
      plan,
      planFor: plannerFor(query, context.settings, deps.clock),
      settings: context.settings,
      rawFilter: query.rawFilter,
      signal: deps.signal,
      progress: partials?.progress,
      onThrottled: partials?.onThrottled,
    })
    // The final result follows; a partial one finished after it would show stale numbers.
    .finally(() => partials?.stop());
  await partials?.drain();
  return outcome;
}
