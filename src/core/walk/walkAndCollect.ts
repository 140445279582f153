import { isAbortError } from '../errors/queryError';
import { CanonicalRequest } from '../frames/canonical';
import { AuditEvent } from '../model/event';
import { RequestPlan } from '../plan/planRequest';
import { Clock } from '../time/clock';
import { toCanonicalRequest } from './canonicalRequest';
import { EventCollector } from '../collect/collectEvents';
import { Pacing } from './pacing';
import { RetryPolicy } from './retryPolicy';
import { Transport } from './transport';
import { maxPagesPerWalk } from './walkLimits';
import { walkPages } from './walkPages';
import { WiderWalkUse } from './widerWalkUse';

/** What a walk leaves behind: the events so far, and the error that ended it, if one did. */
export interface WalkOutcome {
  collector: EventCollector;
  stoppedEarly: boolean;
  requests: CanonicalRequest[];
  error?: unknown;
  /** Set when the events came from a walk with a wider server filter, narrowed by the plugin (coordinate/widerWalks.ts). */
  widerWalk?: WiderWalkUse;
}

/** What a progress listener reads: the events so far, as a partial result. */
export type PartialEvents = Pick<EventCollector, 'partial'>;

/** Told about progress while more pages are coming. */
export type WalkProgress = (collector: PartialEvents, requests: CanonicalRequest[]) => void;

export interface WalkSpec {
  plan: RequestPlan;
  maxEvents: number;
  graphUrl: string;
  /** Raw page item → event; Microsoft Graph's directoryAudit reader when absent. */
  normalize?: (raw: unknown) => AuditEvent | undefined;
  transport: Transport;
  clock: Clock;
  budget?: Pacing;
  retryPolicy?: RetryPolicy;
  random?: () => number;
  /** How long a page may stay throttled before the walk fails (settings.throttleGiveUpMinutes). */
  throttleGiveUpMs?: number;
}

/** How often a streaming walk reports: wall-clock (injected) time, or the events doubling. */
export const PARTIAL_INTERVAL_MS = 1000;

/**
 * Walks the plan's pages into a collector. Resolves with the outcome even when the walk fails, so
 * the requests sent so far are never lost; rejects only when cancelled.
 */
export async function walkAndCollect(
  spec: WalkSpec,
  signal?: AbortSignal,
  progress?: WalkProgress
): Promise<WalkOutcome> {
  const collector = new EventCollector(spec.plan.range, spec.maxEvents, spec.normalize);
  const requests: CanonicalRequest[] = [];
  const schedule = new PartialSchedule(spec.clock);
  try {
    const walk = await walkPages({
      firstUrl: spec.plan.firstUrl,
      endpoint: spec.plan.endpoint,
      transport: spec.transport,
      clock: spec.clock,
      signal,
      budget: spec.budget,
      policy: spec.retryPolicy,
      random: spec.random,
      maxPages: maxPagesPerWalk(spec.maxEvents, spec.plan.pageSize),
      throttleGiveUpMs: spec.throttleGiveUpMs,
      onRequest: (url) => requests.push(toCanonicalRequest(url, spec.graphUrl)),
      onPage: (items, hasNextPage) => {
        const verdict = collector.add(items);
        if (verdict === 'continue' && hasNextPage && progress && schedule.due(collector.fetchedCount)) {
          progress(collector, [...requests]);
        }
        return verdict;
      },
    });
    return { collector, stoppedEarly: walk.stoppedEarly, requests };
  } catch (error) {
    if (isAbortError(error)) {
      throw error;
    }
    return { collector, stoppedEarly: false, requests, error };
  }
}

/**
 * Rebuilding every frame after every page is quadratic over a long walk; progress goes out when the
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
