import { IncrementalWalks } from './coordinate/incrementalWalks';
import { QueryError } from './errors/queryError';
import { matchesAll } from './filter/matchConditions';
import { buildFrames } from './frames/buildFrames';
import { buildFramesInSlices, filterInSlices, ROWS_PER_SLICE, YieldToEventLoop } from './frames/buildFramesInSlices';
import { BuiltFrames } from './frames/frameInput';
import { CanonicalFrame, CanonicalRequest, Notice } from './frames/canonical';
import { AuditQuery, withQueryDefaults } from './model/query';
import { wellFormedJson } from './model/wellFormed';
import { ResolvedSettings } from './model/settings';
import { formatDateTime } from './plan/odata';
import { normalizeLegacyActivity } from './normalize/normalizeLegacyActivity';
import { apiBaseUrl, planRequest, RequestPlan } from './plan/planRequest';
import { checkQueryLimits, checkQuerySize } from './plan/checkLimits';
import { CollectedEvents } from './collect/collectEvents';
import { PriorityOf } from './coordinate/queryPriority';
import { RequestBudget } from './coordinate/requestBudget';
import { RetryPolicy } from './walk/retryPolicy';
import { Transport } from './walk/transport';
import { SharedWalks } from './coordinate/sharedWalks';
import { walkAndCollect, WalkProgress, WalkSpec } from './walk/walkAndCollect';
import { progressReporter } from './progressReporter';
import { unreadableForAlert, unreadableNotice } from './unreadableEvents';
import { describeWiderWalk, walkSharingWider } from './coordinate/widerWalks';
import { outlineOf } from './coordinate/walkOutline';
import { Clock } from './time/clock';

export type { Transport, TransportRequest, TransportResponse } from './walk/transport';
export { toCanonicalRequest } from './walk/canonicalRequest';
export { SharedWalks } from './coordinate/sharedWalks';
export { IncrementalWalks } from './coordinate/incrementalWalks';
export type { CanonicalFrame, CanonicalRequest, Notice } from './frames/canonical';
export { macrotaskYield } from './frames/buildFramesInSlices';
export type { YieldToEventLoop } from './frames/buildFramesInSlices';

export interface QueryContext {
  settings: ResolvedSettings;
  range: { from: number; to: number };
  intervalMs: number;
  maxDataPoints: number;
}

export interface QueryResult {
  frames: CanonicalFrame[];
  notices: Notice[];
  error?: { message: string; status?: number; code?: string; rule?: string };
  requests: CanonicalRequest[];
  executedQueryString: string;
}

export interface QueryDeps {
  transport: Transport;
  clock: Clock;
  signal?: AbortSignal;
  /** Called while pages are still coming (when the fetched count doubles or a second has passed) with frames so far. */
  onProgress?: (partial: QueryResult) => void;
  budget?: RequestBudget;
  /** Who waits for this query (read whenever the budget picks a request); `dashboard` when absent. */
  priority?: PriorityOf;
  /** Lets queries with the same first request share one walk (the browser passes one per data source). */
  sharedWalks?: SharedWalks;
  /** Keeps finished walks in memory so a refresh fetches only the tail (the browser passes one per data source). */
  walkCache?: IncrementalWalks;
  retryPolicy?: RetryPolicy;
  random?: () => number;
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
 * Query model → plan → pages → frames. Errors come back in `error` (never thrown), except
 * cancellation, which rejects with an AbortError so a cancelled panel never shows a result.
 */
export async function runQuery(query: AuditQuery, context: QueryContext, deps: QueryDeps): Promise<QueryResult> {
  const full = withQueryDefaults(wellFormedJson(query));
  const requests: CanonicalRequest[] = [];
  let plan: RequestPlan;
  try {
    checkQuerySize(query);
    plan = planRequest(full, context.range, context.settings, deps.clock.now());
    checkQueryLimits(full, context.range, context.intervalMs, context.settings);
  } catch (error) {
    return failure(error, requests, '');
  }
  const yieldToEventLoop = deps.yieldToEventLoop;
  const render = (
    collected: CollectedEvents,
    shownRequests: CanonicalRequest[],
    partial = false,
    extraNotices: Notice[] = []
  ): Promise<QueryResult> | QueryResult =>
    yieldToEventLoop
      ? finishInSlices(
          { yieldToEventLoop, rowsPerSlice: deps.rowsPerSlice ?? ROWS_PER_SLICE },
          full,
          context,
          plan,
          collected,
          shownRequests,
          partial,
          extraNotices
        )
      : finish(full, context, plan, collected, shownRequests, partial, extraNotices);
  if (plan.outsideRetention) {
    return render(emptyCollection(plan), requests);
  }

  const spec: WalkSpec = {
    plan,
    maxEvents: context.settings.maxEvents,
    // Requests are recorded relative to the API base; for the legacy API that includes the tenant.
    graphUrl: apiBaseUrl(context.settings),
    normalize: context.settings.api === 'legacy' ? normalizeLegacyActivity : undefined,
    transport: deps.transport,
    clock: deps.clock,
    budget: deps.budget,
    retryPolicy: deps.retryPolicy,
    random: deps.random,
    throttleGiveUpMs: context.settings.throttleGiveUpMinutes * 60_000,
  };
  const onProgress = deps.onProgress ? progressReporter(deps.onProgress) : undefined;
  let latest: { collected: CollectedEvents; requests: CanonicalRequest[] } | undefined;
  const progress: WalkProgress | undefined = onProgress
    ? (collector, requests) => {
        latest = { collected: collector.partial(), requests };
        onProgress.show(() => render(latest!.collected, latest!.requests, true));
      }
    : undefined;
  // A 429 pauses every query of this data source: each says so rather than looking stuck.
  const stopThrottleNotices = onProgress
    ? deps.budget?.onThrottled((resumeAt) => {
        const shown = latest ?? { collected: emptyCollection(plan), requests: [] };
        const notice = throttledNotice(resumeAt - deps.clock.now(), context.settings.throttleGiveUpMinutes);
        onProgress.show(() => render(shown.collected, shown.requests, true, [notice]));
      })
    : undefined;
  const ingestionDelayMs = context.settings.ingestionDelayMinutes * 60_000;
  const planFor = plannerFor(full, context.settings, deps.clock);
  // The legacy API's pushed rows compare in ways its events do not show: it never shares across filters.
  const outlineFor = (walkPlan: RequestPlan) =>
    context.settings.api === 'legacy' ? undefined : outlineOf(walkPlan, full.rawFilter, spec.maxEvents);
  // The budget tells walks apart by their signal (a walk with none gets one that never aborts);
  // a shared walk runs at its most urgent member's priority.
  const prioritized = (signal: AbortSignal | undefined, priority: PriorityOf | undefined) => {
    if (!priority || !deps.budget) {
      return signal;
    }
    const walkSignal = signal ?? new AbortController().signal;
    deps.budget.prioritize(walkSignal, priority);
    return walkSignal;
  };
  const walkWhole = (walkPlan: RequestPlan, signal?: AbortSignal, onWalkProgress?: WalkProgress) =>
    deps.sharedWalks
      ? walkSharingWider({
          walks: deps.sharedWalks,
          plan: walkPlan,
          outline: outlineFor(walkPlan),
          maxEvents: spec.maxEvents,
          // Events of the last minutes may still arrive (Microsoft's ingestion delay): never reuse such a walk.
          reusable: walkPlan.range.to <= deps.clock.now() - ingestionDelayMs,
          start: (startPlan, startSignal, startProgress, walkPriority) =>
            walkAndCollect({ ...spec, plan: startPlan }, prioritized(startSignal, walkPriority), startProgress),
          signal,
          progress: onWalkProgress,
          priority: deps.priority,
        })
      : walkAndCollect({ ...spec, plan: walkPlan }, prioritized(signal, deps.priority), onWalkProgress);
  const walk = walkWhole;
  const outcome = await (
    deps.walkCache
      ? deps.walkCache.run({
          plan,
          planFor,
          walk,
          maxEvents: spec.maxEvents,
          ingestionDelayMs,
          signal: deps.signal,
          progress,
          outline: outlineFor(plan),
        })
      : walk(plan, deps.signal, progress)
  ).finally(() => {
    stopThrottleNotices?.();
    // The final result follows; a partial one finished after it would show stale numbers.
    onProgress?.stop();
  });
  await onProgress?.drain();
  if (outcome.widerWalk) {
    plan = { ...plan, executedQueryString: describeWiderWalk(plan, outcome.widerWalk) };
  }
  if (outcome.error !== undefined) {
    return failure(outcome.error, outcome.requests, plan.executedQueryString);
  }
  const collected = outcome.collector.result(outcome.stoppedEarly);
  if (collected.truncated && full.format === 'alertNumbers') {
    // Alert rules never show notices: a cut walk would fire (or not) on an under-count.
    const error = new QueryError(
      'eventsLimit',
      `The events limit (${spec.maxEvents} per query) stopped the walk before the whole range was read, so these counts ` +
        'would be too low for an alert. Narrow the range, add filters, or raise "Events per query" in the data source settings.'
    );
    return failure(error, outcome.requests, plan.executedQueryString);
  }
  const unreadable = unreadableForAlert(collected.unreadable, full.format);
  if (unreadable) {
    return failure(unreadable, outcome.requests, plan.executedQueryString);
  }
  return render(collected, outcome.requests);
}

/**
 * The query planned over another range. Its own scope holds only what planning needs: the walk
 * cache keeps it (a wider walk's tail), and must not keep a finished panel's subscriber alive.
 */
function plannerFor(query: AuditQuery, settings: ResolvedSettings, clock: Clock) {
  return (range: { from: number; to: number }) => planRequest(query, range, settings, clock.now());
}

function finish(
  query: AuditQuery,
  context: QueryContext,
  plan: RequestPlan,
  collected: CollectedEvents,
  requests: CanonicalRequest[],
  partial = false,
  extraNotices: Notice[] = []
): QueryResult {
  let built;
  try {
    built = buildFrames(
      frameInput(
        query,
        context,
        collected,
        plan.pluginConditions.length > 0
          ? collected.events.filter((e) => matchesAll(plan.pluginConditions, e))
          : collected.events
      )
    );
  } catch (error) {
    return failure(error, requests, plan.executedQueryString);
  }
  return assemble(built, resultNotices(context, plan, collected, partial, extraNotices), plan, requests);
}

/** `finish`, building the frames a slice of rows at a time. */
async function finishInSlices(
  { yieldToEventLoop, rowsPerSlice }: { yieldToEventLoop: YieldToEventLoop; rowsPerSlice: number },
  query: AuditQuery,
  context: QueryContext,
  plan: RequestPlan,
  collected: CollectedEvents,
  requests: CanonicalRequest[],
  partial = false,
  extraNotices: Notice[] = []
): Promise<QueryResult> {
  let built;
  try {
    // The page that completed this walk (or step) was parsed and normalised in this task already.
    await yieldToEventLoop();
    const events =
      plan.pluginConditions.length > 0
        ? await filterInSlices(
            collected.events,
            (e) => matchesAll(plan.pluginConditions, e),
            yieldToEventLoop,
            rowsPerSlice
          )
        : collected.events;
    built = await buildFramesInSlices(frameInput(query, context, collected, events), yieldToEventLoop, rowsPerSlice);
  } catch (error) {
    return failure(error, requests, plan.executedQueryString);
  }
  return assemble(built, resultNotices(context, plan, collected, partial, extraNotices), plan, requests);
}

function frameInput(
  query: AuditQuery,
  context: QueryContext,
  collected: CollectedEvents,
  events: CollectedEvents['events']
) {
  return {
    query,
    events,
    from: collected.coveredFrom,
    to: collected.coveredTo,
    truncated: collected.truncated,
    intervalMs: context.intervalMs,
    rangeMs: context.range.to - context.range.from,
  };
}

function resultNotices(
  context: QueryContext,
  plan: RequestPlan,
  collected: CollectedEvents,
  partial: boolean,
  extraNotices: Notice[]
): Notice[] {
  return [...plan.notices, ...collectionNotices(collected, context.settings.maxEvents, partial), ...extraNotices];
}

function assemble(
  built: BuiltFrames<CanonicalFrame>,
  baseNotices: Notice[],
  plan: RequestPlan,
  requests: CanonicalRequest[]
): QueryResult {
  const notices = [...baseNotices, ...built.notices];
  const frames = built.frames.map((frame, index) => ({
    ...frame,
    meta: {
      ...frame.meta,
      executedQueryString: plan.executedQueryString,
      ...(index === 0 && notices.length > 0 ? { notices } : {}),
    },
  }));
  return { frames, notices, requests, executedQueryString: plan.executedQueryString };
}

function collectionNotices(collected: CollectedEvents, maxEvents: number, partial: boolean): Notice[] {
  const notices: Notice[] = [];
  if (partial) {
    notices.push({
      severity: 'info',
      text: `Loading: ${collected.fetched} events fetched so far, older pages still to come.`,
    });
  } else if (collected.truncated) {
    notices.push({
      severity: 'warning',
      text:
        `Stopped at the limit of ${maxEvents} events per query: results cover only ${formatDateTime(collected.coveredFrom)} to ` +
        `${formatDateTime(collected.coveredTo)}, not the whole range. Narrow the range, add filters, or raise "Events per query" in the data source settings.`,
    });
  }
  if (collected.unreadable > 0) {
    notices.push({
      severity: 'warning',
      text: unreadableNotice(collected.unreadable),
    });
  }
  return notices;
}

function throttledNotice(waitMs: number, giveUpMinutes: number): Notice {
  return {
    severity: 'warning',
    text:
      `Throttled by Microsoft Graph (HTTP 429): retrying in ${Math.max(1, Math.ceil(waitMs / 1000))} s. ` +
      'The budget (5 report requests per 10 s) is shared by every viewer, alert rule and tool using this app ' +
      `registration; the query keeps its pages and its place, and fails only after ${giveUpMinutes} minutes of throttling ` +
      '("Give up after throttling" in the data source settings).',
  };
}

function emptyCollection(plan: RequestPlan): CollectedEvents {
  return {
    events: [],
    coveredFrom: plan.range.from,
    coveredTo: plan.range.to,
    truncated: false,
    fetched: 0,
    duplicates: 0,
    unreadable: 0,
  };
}

function failure(error: unknown, requests: CanonicalRequest[], executedQueryString: string): QueryResult {
  const described: NonNullable<QueryResult['error']> =
    error instanceof QueryError
      ? { message: error.message, status: error.status, code: error.code, ...(error.rule ? { rule: error.rule } : {}) }
      : {
          message: `Unexpected failure in the query engine: ${error instanceof Error ? error.message : String(error)}`,
          code: 'internal',
        };
  const result: QueryResult = { frames: [], notices: [], error: described, requests, executedQueryString };
  if (described.status === undefined) {
    delete result.error!.status;
  }
  return result;
}
