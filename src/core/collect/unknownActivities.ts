import names from '../../../conformance/tables/activity-names.json';
import { matchKey } from '../filter/matchKey';
import { Notice } from '../frames/canonical';
import { AuditEvent } from '../model/event';
import { MAX_SUGGESTED_NAMES, MAX_UNKNOWN_NAME_NOTICES } from '../model/limits';
import { ALL_VALUES, FilterCondition } from '../model/query';
import { isKnownActivity } from '../plan/activitySpellings';

const CATALOGUE = names.activities.map((a) => ({ name: a.name, key: Array.from(matchKey(a.name)) }));

/**
 * The activity names an `eq` row asks for that conformance/tables/activity-names.json does not
 * know, once per match key, in row order (pkg/plan/names.go UnknownActivities).
 */
export function unknownActivities(filters: readonly FilterCondition[]): string[] {
  const unknown: string[] = [];
  const keys = new Set<string>();
  for (const row of filters) {
    if (row.field !== 'activity' || row.operator !== 'eq' || row.values.includes(ALL_VALUES)) {
      continue;
    }
    for (const value of row.values) {
      if (!isKnownActivity(value) && !keys.has(matchKey(value))) {
        keys.add(matchKey(value));
        unknown.push(value);
      }
    }
  }
  return unknown;
}

/**
 * On an answer with no rows: a notice for each unknown name (at most MAX_UNKNOWN_NAME_NOTICES)
 * that no event the query read carries either, with the nearest catalogue names.
 */
export function unknownActivityNotices(
  filters: readonly FilterCondition[],
  rows: number,
  read: readonly AuditEvent[]
): Notice[] {
  if (rows > 0) {
    return [];
  }
  const unseen = unknownActivities(filters).filter((value) => {
    const key = matchKey(value);
    return !read.some((event) => matchKey(event.activity) === key);
  });
  return unseen.slice(0, MAX_UNKNOWN_NAME_NOTICES).map(unknownNameNotice);
}

export function unknownNameNotice(typed: string): Notice {
  const nearest = nearestNames(typed);
  const advice =
    nearest.length > 0
      ? `Did you mean ${nearest.map((n) => `'${n}'`).join(', ')}?`
      : "Check the name in the Entra admin center's audit log (the Activity column).";
  return {
    severity: 'warning',
    text: `No activity named '${typed}' is among Microsoft's activity names the plugin knows or in the events this query read, so nothing matched. ${advice}`,
  };
}

/**
 * Catalogue names within a few edits of the typed one (edits on match keys, in code points): at
 * most max(2, a quarter of its length); nearest first, then in table order. A name whose length
 * differs by more is not compared, so a long value costs no more than its length.
 */
export function nearestNames(typed: string): string[] {
  const key = Array.from(matchKey(typed));
  const most = Math.max(2, Math.floor(key.length / 4));
  const near: Array<{ name: string; distance: number; index: number }> = [];
  CATALOGUE.forEach((entry, index) => {
    if (Math.abs(entry.key.length - key.length) <= most) {
      const distance = editDistance(key, entry.key);
      if (distance <= most) {
        near.push({ name: entry.name, distance, index });
      }
    }
  });
  near.sort((a, b) => a.distance - b.distance || a.index - b.index);
  return near.slice(0, MAX_SUGGESTED_NAMES).map((n) => n.name);
}

/** Levenshtein distance between two lists of code points. */
function editDistance(a: string[], b: string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
