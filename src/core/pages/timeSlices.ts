import { AuditEvent } from '../model/event';
import { RequestPlan } from '../plan/planRequest';
import { abortError } from '../time/clock';
import { EventCollector } from './collectEvents';
import { WalkOutcome } from './walkAndCollect';

/** Slices one query may walk at once, however generous the budget: each holds a page in memory. */
export const MAX_SLICES = 4;

/** Shorter slices would spend a request each on a page or two; ranges this short are walked whole. */
export const MIN_SLICE_MS = 3_600_000;

/**
 * How many time slices of one range to walk at once. A walk is sequential and Graph answers an
 * audit page in about a second, so one walk already sends about one request a second: only a
 * budget sustaining more than that leaves room for a second walk. Microsoft's 5 per 10 s (0.5 a
 * second) never does, so with it nothing is sliced.
 */
export function parallelSlices(
  budget: { requests: number; perSeconds: number },
  range: { from: number; to: number }
): number {
  const bySpan = Math.floor((range.to - range.from) / MIN_SLICE_MS);
  return Math.max(1, Math.min(slicesTheBudgetAllows(budget), bySpan));
}

/** Walks the budget sustains at once, one request a second each: 1 (no slicing) below two a second. */
export function slicesTheBudgetAllows(budget: { requests: number; perSeconds: number }): number {
  const perSecond = budget.perSeconds > 0 ? budget.requests / budget.perSeconds : 0;
  return Math.max(1, Math.min(MAX_SLICES, Math.floor(perSecond)));
}

/**
 * `count` contiguous slices of [from, to], newest first. Neighbours share their boundary
 * millisecond: the older slice asks `le boundary`, so an event in the boundary's last sub-millisecond
 * digits before it is never left between two slices, and `mergeSlices` keeps the boundary
 * millisecond from the newer slice only.
 */
export function sliceRange(range: { from: number; to: number }, count: number): Array<{ from: number; to: number }> {
  const span = range.to - range.from;
  const boundaries = Array.from({ length: count + 1 }, (_, i) =>
    i === 0 ? range.from : i === count ? range.to : range.from + Math.floor((span * i) / count)
  );
  const slices: Array<{ from: number; to: number }> = [];
  for (let i = count - 1; i >= 0; i--) {
    slices.push({ from: boundaries[i], to: boundaries[i + 1] });
  }
  return slices;
}

export type SliceWalk = (plan: RequestPlan, signal?: AbortSignal) => Promise<WalkOutcome>;

/**
 * Walks the slices at once (the budget still paces every request) and merges them into one
 * outcome, as if one walk had read the whole range newest first: the newer slice owns each
 * boundary millisecond, ids seen twice count once, the events limit cuts at the newest events, and
 * a slice cut by the limit ends the merge there (older slices would leave a gap).
 */
export async function walkInSlices(
  plan: RequestPlan,
  planFor: (range: { from: number; to: number }) => RequestPlan,
  count: number,
  maxEvents: number,
  walk: SliceWalk,
  signal?: AbortSignal
): Promise<WalkOutcome> {
  const slices = sliceRange(plan.range, count);
  const controllers = slices.map(() => new AbortController());
  const abortAll = () => controllers.forEach((c) => c.abort());
  signal?.addEventListener('abort', abortAll, { once: true });
  try {
    const outcomes = await Promise.all(
      slices.map((slice, i) =>
        walk(planFor(slice), controllers[i].signal).then((outcome) => {
          if (outcome.error !== undefined) {
            // One failed slice fails the query: stop spending budget on the others.
            controllers.forEach((c, k) => k !== i && c.abort());
          }
          return outcome;
        })
      )
    );
    return mergeSlices(plan.range, slices, outcomes, maxEvents);
  } catch (error) {
    if (signal?.aborted) {
      throw abortError();
    }
    throw error;
  } finally {
    signal?.removeEventListener('abort', abortAll);
  }
}

/** Slice outcomes (newest slice first) → one outcome over the whole range. Exported for tests. */
export function mergeSlices(
  range: { from: number; to: number },
  slices: Array<{ from: number; to: number }>,
  outcomes: WalkOutcome[],
  maxEvents: number
): WalkOutcome {
  const requests = outcomes.flatMap((o) => o.requests);
  const failed = outcomes.find((o) => o.error !== undefined);
  if (failed) {
    return { ...failed, requests };
  }
  const merged = new EventCollector(range, maxEvents, (event) => event as AuditEvent);
  let stoppedEarly = false;
  let unreadable = 0;
  for (let i = 0; i < outcomes.length && !stoppedEarly; i++) {
    const collected = outcomes[i].collector.result(outcomes[i].stoppedEarly);
    unreadable += collected.unreadable;
    // The newer slice already holds the boundary millisecond (see sliceRange).
    const owned = i === 0 ? collected.events : collected.events.filter((e) => e.time < slices[i - 1].from);
    // Past the limit, add() only records the first event it could not take: the newest unread.
    merged.add(owned);
    stoppedEarly = collected.truncated;
  }
  merged.countUnreadable(unreadable);
  // Only when every slice came from a wider walk did the query send no request of its own.
  const wider = outcomes.map((o) => o.widerWalk);
  const widerWalk = wider.every((use) => use !== undefined) ? wider[0] : undefined;
  return { collector: merged, stoppedEarly, requests, ...(widerWalk ? { widerWalk } : {}) };
}
