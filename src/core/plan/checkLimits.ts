import { maxEventsTooHigh, queryTooLarge, tooManyNamedGroups, tooManyValues } from '../errors/limitErrors';
import { bucketCount, fitBucket, parseBucket } from './bucket';
import { MAX_EVENTS_PER_QUERY, MAX_NAMED_GROUPS, MAX_QUERY_JSON_BYTES, MAX_VALUES_PER_RESPONSE } from '../model/limits';
import { AuditQuery } from '../model/query';
import { ResolvedSettings } from '../model/settings';
import { TimeRange } from './planRequest';

/**
 * The limit "query size", on the query as it arrived (before defaults), measured as the UTF-8
 * bytes of its compact JSON: what the Go backend measures on the raw query it is sent.
 */
export function checkQuerySize(query: unknown): void {
  const bytes = utf8Length(JSON.stringify(query) ?? '');
  if (bytes > MAX_QUERY_JSON_BYTES) {
    throw queryTooLarge(bytes);
  }
}

/**
 * The limits a query can be held to before any request: "events per query" (the setting),
 * "named groups", the bucket's bounds and, for a time series, "values per response" for the named
 * groups alone (the series found in the events are checked again before they are allocated).
 * Mirrors CheckLimits in pkg/plan/limits.go.
 */
export function checkQueryLimits(
  query: AuditQuery,
  range: TimeRange,
  intervalMs: number,
  settings: ResolvedSettings
): void {
  if (settings.maxEvents > MAX_EVENTS_PER_QUERY) {
    throw maxEventsTooHigh(settings.maxEvents);
  }
  const named = query.groups ?? [];
  if (named.length > MAX_NAMED_GROUPS) {
    throw tooManyNamedGroups(named.length);
  }
  if (query.format !== 'timeSeries') {
    return;
  }
  const width = fitBucket(range.from, range.to, parseBucket(query.bucket, intervalMs, range.to - range.from));
  const points = bucketCount(range.from, range.to, width);
  const series = new Set(named).size;
  if (series * points > MAX_VALUES_PER_RESPONSE) {
    throw tooManyValues(series, points);
  }
}

/** UTF-8 bytes of a string, without encoding it. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A surrogate pair is 4 bytes: 2 for each half.
    bytes += unit < 0x80 ? 1 : unit < 0x800 || (unit >= 0xd800 && unit <= 0xdfff) ? 2 : 3;
  }
  return bytes;
}
