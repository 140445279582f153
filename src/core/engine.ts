import { isAbortError, QueryError } from './errors/queryError';
import { buildFrames } from './frames/buildFrames';
import { CanonicalFrame, CanonicalRequest, Notice } from './frames/canonical';
import { AuditQuery, withQueryDefaults } from './model/query';
import { ResolvedSettings } from './model/settings';
import { formatDateTime } from './plan/odata';
import { planRequest, RequestPlan } from './plan/planRequest';
import { CollectedEvents, EventCollector } from './pages/collectEvents';
import { RequestBudget } from './pages/requestBudget';
import { RetryPolicy } from './pages/retryPolicy';
import { Transport } from './pages/transport';
import { walkPages } from './pages/walkPages';
import { Clock } from './time/clock';

export type { Transport, TransportRequest, TransportResponse } from './pages/transport';
export type { CanonicalFrame, CanonicalRequest, Notice } from './frames/canonical';

export interface QueryContext {
  settings: ResolvedSettings;
  range: { from: number; to: number };
  intervalMs: number;
  maxDataPoints: number;
}

export interface QueryResult {
  frames: CanonicalFrame[];
  notices: Notice[];
  error?: { message: string; status?: number; code?: string };
  requests: CanonicalRequest[];
  executedQueryString: string;
}

export interface QueryDeps {
  transport: Transport;
  clock: Clock;
  signal?: AbortSignal;
  /** Called after each page but the last with frames for what has arrived so far. */
  onProgress?: (partial: QueryResult) => void;
  budget?: RequestBudget;
  retryPolicy?: RetryPolicy;
  random?: () => number;
}

/**
 * Query model → plan → pages → frames. Errors come back in `error` (never thrown), except
 * cancellation, which rejects with an AbortError so a cancelled panel never shows a result.
 */
export async function runQuery(query: AuditQuery, context: QueryContext, deps: QueryDeps): Promise<QueryResult> {
  const full = withQueryDefaults(query);
  const requests: CanonicalRequest[] = [];
  let plan: RequestPlan;
  try {
    plan = planRequest(full, context.range, context.settings, deps.clock.now());
  } catch (error) {
    return failure(error, requests, '');
  }
  if (plan.outsideRetention) {
    return finish(full, context, plan, emptyCollection(plan), requests);
  }

  const collector = new EventCollector(plan.range, plan.pluginConditions, context.settings.maxEvents);
  const partials = new PartialSchedule(deps.clock);
  try {
    const walk = await walkPages({
      firstUrl: plan.firstUrl,
      endpoint: plan.endpoint,
      transport: deps.transport,
      clock: deps.clock,
      signal: deps.signal,
      budget: deps.budget,
      policy: deps.retryPolicy,
      random: deps.random,
      onRequest: (url) => requests.push(toCanonicalRequest(url, context.settings.graphUrl)),
      onPage: (items, hasNextPage) => {
        const verdict = collector.add(items);
        if (verdict === 'continue' && hasNextPage && deps.onProgress && partials.due(collector.fetchedCount)) {
          deps.onProgress(finish(full, context, plan, collector.partial(), [...requests], true));
        }
        return verdict;
      },
    });
    const collected = collector.result(walk.stoppedEarly);
    if (collected.truncated && full.format === 'alertNumbers') {
      // Alert rules never show notices: a cut walk would fire (or not) on an under-count.
      throw new QueryError(
        'eventsLimit',
        `The events limit (${context.settings.maxEvents} per query) stopped the walk before the whole range was read, so these counts ` +
          'would be too low for an alert. Narrow the range, add filters, or raise "Events per query" in the data source settings.'
      );
    }
    return finish(full, context, plan, collected, requests);
  } catch (error) {
    if (isAbortError(error)) {
      throw error;
    }
    return failure(error, requests, plan.executedQueryString);
  }
}

/** How often a streaming walk rebuilds its frames: wall-clock (injected) time, or the events doubling. */
export const PARTIAL_INTERVAL_MS = 1000;

/**
 * Rebuilding every frame after every page is quadratic over a long walk; partials go out when the
 * fetched count has doubled or a second has passed, which keeps the total work linear.
 */
class PartialSchedule {
  private lastCount = 0;
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly clock: Clock) {}

  due(fetched: number): boolean {
    const now = this.clock.now();
    if (fetched < 2 * this.lastCount && now - this.lastAt < PARTIAL_INTERVAL_MS) {
      return false;
    }
    this.lastCount = fetched;
    this.lastAt = now;
    return true;
  }
}

function finish(
  query: AuditQuery,
  context: QueryContext,
  plan: RequestPlan,
  collected: CollectedEvents,
  requests: CanonicalRequest[],
  partial = false
): QueryResult {
  const notices = [...plan.notices, ...collectionNotices(collected, context.settings.maxEvents, partial)];
  let built;
  try {
    built = buildFrames({
      query,
      events: collected.events,
      from: collected.coveredFrom,
      to: collected.coveredTo,
      truncated: collected.truncated,
      intervalMs: context.intervalMs,
    });
  } catch (error) {
    return failure(error, requests, plan.executedQueryString);
  }
  notices.push(...built.notices);
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
      text: `${collected.unreadable} events had no readable activityDateTime and are not counted.`,
    });
  }
  return notices;
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
  const described =
    error instanceof QueryError
      ? { message: error.message, status: error.status, code: error.code }
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

/** `path` relative to the Graph base with no leading slash, and the decoded query. */
export function toCanonicalRequest(url: string, graphUrl: string): CanonicalRequest {
  const queryStart = url.indexOf('?');
  const base = queryStart === -1 ? url : url.slice(0, queryStart);
  const path = base.startsWith(graphUrl) ? base.slice(graphUrl.length).replace(/^\/+/, '') : base;
  const query: Record<string, string> = {};
  if (queryStart !== -1) {
    for (const [key, value] of new URLSearchParams(url.slice(queryStart + 1))) {
      query[key] = value;
    }
  }
  return { method: 'GET', path, query };
}
