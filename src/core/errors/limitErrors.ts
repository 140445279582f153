import {
  BUCKET_LIMIT_NAME,
  formatCount,
  MAX_EVENTS_PER_QUERY,
  MAX_NAMED_GROUPS,
  MAX_QUERY_JSON_BYTES,
  MAX_SERIES,
  MAX_VALUES_PER_RESPONSE,
} from '../model/limits';
import { Notice } from '../frames/canonical';
import { invalidSettings, QueryError } from './queryError';

/*
 * The words of every limit error and notice. pkg/models/limit_messages.go writes the same words,
 * so a conformance vector can expect the same text from both engines.
 */

export function queryTooLarge(bytes: number): QueryError {
  return limit(
    `The query is ${formatCount(bytes)} bytes of JSON; the limit "query size" is ${formatCount(MAX_QUERY_JSON_BYTES)} bytes (256 KB). ` +
      'Remove filter values or named groups, or split it into several queries.'
  );
}

export function tooManyNamedGroups(named: number): QueryError {
  return limit(
    `The query names ${formatCount(named)} groups; the limit "named groups" is ${formatCount(MAX_NAMED_GROUPS)}. ` +
      'Name fewer groups, or use Top N to keep the biggest and sum the rest as "other".'
  );
}

export function bucketWiderThanRange(bucket: string, rangeMs: number): QueryError {
  return limit(
    `The bucket "${bucket}" is wider than the query's time range (${rangeMs / 1000} s); the limit "${BUCKET_LIMIT_NAME}" allows at most the range. ` +
      'Choose a narrower bucket, widen the time range, or use auto.'
  );
}

export function tooManyValues(series: number, points: number): QueryError {
  return limit(
    `The time series would hold ${formatCount(series * points)} values (${series} series × ${points} points); ` +
      `the limit "values per response" is ${formatCount(MAX_VALUES_PER_RESPONSE)}. Use a wider bucket or a shorter range, or name fewer groups.`
  );
}

/** A stored setting refused: it breaks the rule badMaxEvents (Save & test says so) with the limit's words. */
export function maxEventsTooHigh(maxEvents: number): QueryError {
  return invalidSettings(
    'badMaxEvents',
    `"Events per query" is ${formatCount(maxEvents)}; the limit "events per query" is at most ${formatCount(MAX_EVENTS_PER_QUERY)}. ` +
      'Lower Events per query in the data source settings.'
  );
}

export function seriesFolded(kept: number): Notice {
  return {
    severity: 'info',
    text:
      `Only ${kept} series are shown (named groups first, then the biggest) and the rest are summed as "other": a response holds at most ` +
      `${formatCount(MAX_SERIES)} series (limit "series per response") and ${formatCount(MAX_VALUES_PER_RESPONSE)} values ` +
      '(limit "values per response"). Use Top N or filters to choose, or a wider bucket.',
  };
}

function limit(message: string): QueryError {
  return new QueryError('limitExceeded', message);
}
