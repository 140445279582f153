import { truncatedAlertError } from '../errors/truncatedAlert';
import { Notice } from '../frames/canonical';
import { QueryFormat } from '../model/query';
import { formatDateTime } from '../plan/odata';
import { RequestPlan } from '../plan/planRequest';
import { CollectedEvents, EventCollector } from './collectEvents';
import { unreadableForAlert, unreadableNotice } from './unreadableEvents';

/** What a walk left in its collector: the walk's outcome as the collect stage reads it. */
export interface Walked {
  collector: Pick<EventCollector, 'result'>;
  stoppedEarly: boolean;
  error?: unknown;
}

/**
 * The collect stage: the walk's events, de-duplicated and cut to the span they are complete for,
 * or why the query fails: the walk failed, or an alert would count too few (pkg/engine does the same).
 */
export function collect(walked: Walked, format: QueryFormat, maxEvents: number): CollectedEvents | { error: unknown } {
  if (walked.error !== undefined) {
    return { error: walked.error };
  }
  const collected = walked.collector.result(walked.stoppedEarly);
  if (collected.truncated && format === 'alertNumbers') {
    // Alert rules never show notices: a cut walk would fire (or not) on an under-count.
    return { error: truncatedAlertError(maxEvents) };
  }
  const unreadable = unreadableForAlert(collected.unreadable, format);
  return unreadable ? { error: unreadable } : collected;
}

/** No events: a range wholly before the tenant's retention, or a walk that has not fetched a page yet. */
export function emptyCollection(plan: RequestPlan): CollectedEvents {
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

/** What a panel is told about its events: still loading, cut by the events limit, or some unreadable. */
export function collectionNotices(collected: CollectedEvents, maxEvents: number, partial: boolean): Notice[] {
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
