import { AuditEvent } from '../model/event';
import { AuditQuery } from '../model/query';
import { GROUP_LABEL, groupOf } from './groups';

/**
 * With a second group-by an event's group is the pair (first value, second value), held as one
 * text key so the one-grouping code (ranking, top N, the series limit) serves both. The key is the
 * first value with each U+0000 written as U+0000 U+0001, then U+0000 U+0000, then the second: no
 * two pairs share a key, and keys sort as the pairs do (by the first value, then the second, code
 * unit by code unit). pkg/frames/groupkeys.go encodes the same.
 */
const SEPARATOR = '\u0000\u0000';

export function pairKey(first: string, second: string): string {
  return first.replace(/\u0000/g, '\u0000\u0001') + SEPARATOR + second;
}

/** The pair of a key; a key that is no pair ("other") is its own first value with no second. */
export function splitKey(key: string): [string, string | undefined] {
  for (let i = 0; i < key.length; i++) {
    if (key.charCodeAt(i) !== 0) {
      continue;
    }
    if (key.charCodeAt(i + 1) === 0) {
      return [key.slice(0, i).replace(/\u0000\u0001/g, '\u0000'), key.slice(i + 2)];
    }
    i++;
  }
  return [key, undefined];
}

/** The group key of an event: its group, or the pair of its two groups. */
export function groupKeyOf(event: AuditEvent, query: AuditQuery): string {
  const first = groupOf(event, query.groupBy);
  return query.secondGroupBy ? pairKey(first, groupOf(event, query.secondGroupBy)) : first;
}

export function countGroupKeys(events: AuditEvent[], query: AuditQuery): Map<string, number> {
  const counts = new Map<string, number>();
  for (const event of events) {
    const key = groupKeyOf(event, query);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * The groups the query names, as keys. With a second group-by a name is a first value: one that
 * no counted pair has is reported as a zero with the first label only (no "who" is known for a
 * quiet window), so an alert rule still sees a 0; pairs that had events rank like any other.
 */
export function namedGroupKeys(query: AuditQuery, counted: Iterable<string>): string[] {
  const named = query.groups ?? [];
  if (!query.secondGroupBy) {
    return named;
  }
  const seen = new Set<string>();
  for (const key of counted) {
    seen.add(splitKey(key)[0]);
  }
  return [...new Set(named)].filter((name) => !seen.has(name)).map((name) => pairKey(name, ''));
}

/** The labels a series or alert instance of a group carries: both group keys when there are two. */
export function groupLabels(query: AuditQuery, key: string): Record<string, string> {
  if (!query.secondGroupBy) {
    return { [GROUP_LABEL[query.groupBy]]: key };
  }
  const [first, second] = splitKey(key);
  return second
    ? { [GROUP_LABEL[query.groupBy]]: first, [GROUP_LABEL[query.secondGroupBy]]: second }
    : { [GROUP_LABEL[query.groupBy]]: first };
}

/** A group's display name: the group, or "first · second". */
export function groupDisplayName(query: AuditQuery, key: string): string {
  if (!query.secondGroupBy) {
    return key;
  }
  const [first, second] = splitKey(key);
  return second ? `${first} · ${second}` : first;
}

/** The summary's group columns: one value, or the pair (the second empty for "other" and quiet named groups). */
export function groupColumns(query: AuditQuery, key: string): string[] {
  if (!query.secondGroupBy) {
    return [key];
  }
  const [first, second] = splitKey(key);
  return [first, second ?? ''];
}
