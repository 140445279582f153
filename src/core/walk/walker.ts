import { ResolvedSettings } from '../model/settings';
import { normalizeLegacyActivity } from '../normalize/normalizeLegacyActivity';
import { apiBaseUrl, RequestPlan, TimeRange } from '../plan/planRequest';
import { Clock } from '../time/clock';
import { Pacing } from './pacing';
import { RetryPolicy } from './retryPolicy';
import { Transport } from './transport';
import { walkAndCollect, WalkOutcome, WalkProgress, WalkSpec } from './walkAndCollect';

/** One query's walk, as the engine asks for it. */
export interface WalkRequest {
  plan: RequestPlan;
  /** The same query planned over another range: the part of a range newer than a kept walk (Go's tail). */
  planFor: (range: TimeRange) => RequestPlan;
  settings: ResolvedSettings;
  /** The query's raw `$filter` clause: only walks with the same one can serve each other. */
  rawFilter?: string;
  signal?: AbortSignal;
  progress?: WalkProgress;
  /** Told (with the clock time the requests resume) when a 429 pauses the data source's requests. */
  onThrottled?: (resumeAt: number) => void;
}

/**
 * Walks a plan's pages into a collector, as Go's engine.Walker does. Resolves with the outcome
 * even when the walk fails (the requests sent so far are never lost); rejects only when cancelled.
 * `plainWalker` walks alone; the browser passes `coordinatedWalker` (coordinate/), which paces,
 * prioritises, shares and keeps walks for every query of a data source.
 */
export interface Walker {
  walk(request: WalkRequest): Promise<WalkOutcome>;
}

/** What walks pages besides the plan: how requests go out and how failures are retried. */
export interface WalkParts {
  transport: Transport;
  clock: Clock;
  retryPolicy?: RetryPolicy;
  random?: () => number;
}

/** The walk of `plan` under the data source's settings (paced by `budget` when given). */
export function walkSpecOf(
  plan: RequestPlan,
  settings: ResolvedSettings,
  parts: WalkParts & { budget?: Pacing }
): WalkSpec {
  return {
    plan,
    maxEvents: settings.maxEvents,
    // Requests are recorded relative to the API base; for the legacy API that includes the tenant.
    graphUrl: apiBaseUrl(settings),
    normalize: settings.api === 'legacy' ? normalizeLegacyActivity : undefined,
    transport: parts.transport,
    clock: parts.clock,
    budget: parts.budget,
    retryPolicy: parts.retryPolicy,
    random: parts.random,
    throttleGiveUpMs: settings.throttleGiveUpMinutes * 60_000,
  };
}

/** A walker that walks every query's own pages, unpaced: the conformance vectors' and tests'. */
export function plainWalker(parts: WalkParts): Walker {
  return {
    walk: (request) =>
      walkAndCollect(walkSpecOf(request.plan, request.settings, parts), request.signal, request.progress),
  };
}
