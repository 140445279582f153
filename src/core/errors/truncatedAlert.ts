import { renderAdvice } from './errorTable';
import { QueryError } from './queryError';

/**
 * The events limit cut the walk, so an alert would evaluate an under-count. The words are the error
 * table's (texts.eventsLimit), which the Go engine's TruncatedAlertError writes too.
 */
export function truncatedAlertError(maxEvents: number): QueryError {
  return new QueryError('eventsLimit', renderAdvice('{eventsLimit}', { maxEvents: String(maxEvents) }));
}
