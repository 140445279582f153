import { invalidQuery } from '../errors/queryError';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/** More buckets than this would stall the browser; the width is widened with a notice instead. */
export const MAX_BUCKETS = 11_000;

/** `5m`, `1h`, `30s`; `auto` or empty follows the panel's interval. */
export function parseBucket(bucket: string | undefined, panelIntervalMs: number): number {
  const text = (bucket ?? '').trim();
  if (text === '' || text === 'auto') {
    return Math.max(1000, Math.round(panelIntervalMs) || 60_000);
  }
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/.exec(text);
  const ms = match ? parseFloat(match[1]) * UNIT_MS[match[2]] : NaN;
  if (!Number.isFinite(ms) || ms < 1000) {
    throw invalidQuery(
      'badBucket',
      `The bucket "${text}" is not a duration of at least one second. Use e.g. 30s, 5m, 1h or 1d, or auto.`
    );
  }
  return Math.round(ms);
}

/** The start of the bucket holding `time`: buckets are multiples of the width since the Unix epoch. */
export function bucketStart(time: number, widthMs: number): number {
  return Math.floor(time / widthMs) * widthMs;
}

/** Bucket starts from the one holding `from` to the one holding `to`, both included. */
export function bucketStarts(from: number, to: number, widthMs: number): number[] {
  if (from > to) {
    return [];
  }
  const starts: number[] = [];
  for (let t = bucketStart(from, widthMs); t <= to; t += widthMs) {
    starts.push(t);
  }
  return starts;
}

/** Widens the bucket to a whole multiple when the range would need too many. */
export function fitBucket(from: number, to: number, widthMs: number): number {
  const count = Math.floor(to / widthMs) - Math.floor(from / widthMs) + 1;
  return count <= MAX_BUCKETS ? widthMs : widthMs * Math.ceil(count / MAX_BUCKETS);
}
