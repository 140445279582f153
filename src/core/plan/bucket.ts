import { bucketWiderThanRange } from '../errors/limitErrors';
import { invalidQuery } from '../errors/queryError';
import { MAX_BUCKETS, MIN_BUCKET_MS } from '../model/limits';

export { MAX_BUCKETS };

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * `5m`, `1h`, `30s`: at least 1 s and at most the query's time range (`rangeMs`, the limit
 * "bucket at most the range"), compared before the width becomes a whole number, so no typed
 * value can overflow. `auto` or empty follows the panel's interval, clamped to the same bounds.
 */
export function parseBucket(bucket: string | undefined, panelIntervalMs: number, rangeMs: number): number {
  const widestMs = Math.max(MIN_BUCKET_MS, rangeMs);
  const text = (bucket ?? '').trim();
  if (text === '' || text === 'auto') {
    return Math.min(widestMs, Math.max(MIN_BUCKET_MS, Math.round(panelIntervalMs) || 60_000));
  }
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/.exec(text);
  const ms = match ? parseFloat(match[1]) * UNIT_MS[match[2]] : NaN;
  if (Number.isNaN(ms) || ms < MIN_BUCKET_MS) {
    throw invalidQuery(
      'badBucket',
      `The bucket "${text}" is not a duration of at least one second. Use e.g. 30s, 5m, 1h or 1d, or auto.`
    );
  }
  if (ms > widestMs) {
    throw bucketWiderThanRange(text, widestMs);
  }
  return Math.round(ms);
}

/** The start of the bucket holding `time`: buckets are multiples of the width since the Unix epoch. */
export function bucketStart(time: number, widthMs: number): number {
  return Math.floor(time / widthMs) * widthMs;
}

/** How many buckets hold `from` to `to`, both included (0 when from > to). */
export function bucketCount(from: number, to: number, widthMs: number): number {
  return from > to ? 0 : Math.floor(to / widthMs) - Math.floor(from / widthMs) + 1;
}

/** Bucket starts from the one holding `from` to the one holding `to`, both included. */
export function bucketStarts(from: number, to: number, widthMs: number): number[] {
  const first = bucketStart(from, widthMs);
  // Counted first, so the loop ends even where adding the width would no longer change a float.
  return Array.from({ length: bucketCount(from, to, widthMs) }, (_, i) => first + i * widthMs);
}

/** Widens the bucket to a whole multiple when the range would need too many. */
export function fitBucket(from: number, to: number, widthMs: number): number {
  const count = bucketCount(from, to, widthMs);
  return count <= MAX_BUCKETS ? widthMs : widthMs * Math.ceil(count / MAX_BUCKETS);
}
