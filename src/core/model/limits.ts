/**
 * The named limits: how much one query, one response and the settings may ask for. Any Viewer can
 * send any query JSON, so each is checked before anything is allocated or requested, and its error
 * names the limit, its number and the change that helps. This file is the one TypeScript definition;
 * pkg/models/limits.go is the Go one (pkg/models/drift_test.go holds the numbers equal) and the
 * conformance vectors 62-74 show both engines at and just over each limit.
 */

/** The narrowest bucket a time series may have: finer ones would only show the ingestion jitter. */
export const MIN_BUCKET_MS = 1000;
/** A bucket the user typed may be at most the query's time range; `auto` is clamped to it. */
export const BUCKET_LIMIT_NAME = 'bucket at most the range';

/** Buckets per series; more widen the bucket to a whole multiple (with a notice) rather than fail. */
export const MAX_BUCKETS = 11_000;

/** Groups a query may name (each is zero-filled, so each costs a series even without events). */
export const MAX_NAMED_GROUPS = 500;

/** Series (or alert instances) per response; the smallest of the rest are summed as "other". */
export const MAX_SERIES = 1000;

/** Values per response: series × points of a time series, checked before any series is allocated. */
export const MAX_VALUES_PER_RESPONSE = 2_000_000;

/** Bytes of one stored query's JSON (compact, UTF-8), measured before it is read. */
export const MAX_QUERY_JSON_BYTES = 262_144;

/** The highest "Events per query" setting, which is also the most rows one frame can hold. */
export const MAX_EVENTS_PER_QUERY = 1_000_000;

/** Activity names a 0-row answer says are unknown (one notice each); the rest are not named. */
export const MAX_UNKNOWN_NAME_NOTICES = 3;

/** Catalogue names one such notice suggests. */
export const MAX_SUGGESTED_NAMES = 3;

/** 2000000 → "2,000,000", as both engines write a limit's number. */
export function formatCount(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
