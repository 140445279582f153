import { CollectedEvents } from './collect/collectEvents';
import { emptyCollection } from './collect/collect';
import { CanonicalRequest, Notice } from './frames/canonical';
import { RequestPlan } from './plan/planRequest';
import { progressReporter } from './progressReporter';
import { QueryResult } from './result';
import { Clock } from './time/clock';
import { PartialEvents } from './walk/walkAndCollect';

/** Builds one result from the events so far (`frameResult`, partial). */
export type FramePartial = (
  collected: CollectedEvents,
  requests: CanonicalRequest[],
  extraNotices: Notice[]
) => QueryResult | Promise<QueryResult>;

export interface PartialResultsOptions {
  plan: RequestPlan;
  frame: FramePartial;
  onProgress: (partial: QueryResult) => void;
  clock: Clock;
  throttleGiveUpMinutes: number;
}

/**
 * Streams partial results while pages come (the walk's `progress`), and a notice with the events
 * so far while a 429 pauses the walk (its `onThrottled`). `stop` before the final result; `drain`
 * waits for a partial result still being built, so none arrives after the final one.
 */
export function partialResults(options: PartialResultsOptions) {
  const reporter = progressReporter(options.onProgress);
  let latest: { collected: CollectedEvents; requests: CanonicalRequest[] } | undefined;
  return {
    progress: (collector: PartialEvents, requests: CanonicalRequest[]) => {
      latest = { collected: collector.partial(), requests };
      // Read when the build starts: a build that waited shows the newest events.
      reporter.show(() => options.frame(latest!.collected, latest!.requests, []));
    },
    onThrottled: (resumeAt: number) => {
      const shown = latest ?? { collected: emptyCollection(options.plan), requests: [] };
      const notice = throttledNotice(resumeAt - options.clock.now(), options.throttleGiveUpMinutes);
      reporter.show(() => options.frame(shown.collected, shown.requests, [notice]));
    },
    stop: reporter.stop,
    drain: reporter.drain,
  };
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
