/**
 * Graph timestamps carry 7 fractional digits (100 ns ticks). A JS number cannot hold epoch ticks
 * exactly, so an instant is whole milliseconds plus the 0–9999 ticks inside that millisecond.
 */
export interface Instant {
  ms: number;
  ticks: number;
}

export function compareInstants(a: Instant, b: Instant): number {
  return a.ms - b.ms || a.ticks - b.ticks;
}

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Parses an OData DateTimeOffset literal (or a bare date, as Graph's docs use: `activityDateTime le 2018-01-24`). */
export function parseInstant(text: string): Instant | undefined {
  const match = ISO_INSTANT.exec(text);
  if (!match) {
    return undefined;
  }
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  if (h !== undefined && zone === undefined) {
    // A time of day without a zone is ambiguous; OData requires the offset.
    return undefined;
  }
  const digits = (fraction ?? '').padEnd(7, '0');
  const base = Date.parse(
    `${y}-${mo}-${d}T${h ?? '00'}:${mi ?? '00'}:${s ?? '00'}.${digits.slice(0, 3)}${zone ?? 'Z'}`
  );
  if (Number.isNaN(base)) {
    return undefined;
  }
  return { ms: base, ticks: Number(digits.slice(3)) };
}

/** ISO 8601 with Graph's 7 fractional digits, e.g. `2024-12-27T10:01:19.5796748Z`. */
export function formatInstant(instant: Instant): string {
  const iso = new Date(instant.ms).toISOString(); // 2024-12-27T10:01:19.579Z
  return `${iso.slice(0, 23)}${String(instant.ticks).padStart(4, '0')}Z`;
}
