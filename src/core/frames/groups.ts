import { AuditEvent } from '../model/event';
import { GROUP_OTHER, GroupBy } from '../model/query';

/** The label key each grouping puts on series and alert instances. */
export const GROUP_LABEL: Record<GroupBy, string> = {
  activity: 'activity',
  category: 'category',
  service: 'service',
  result: 'result',
  operationType: 'operationType',
  initiatedBy: 'initiatedBy',
  targetType: 'targetType',
  activityType: 'activityType',
};

/** Column titles for the summary table. */
export const GROUP_TITLE: Record<GroupBy, string> = {
  activity: 'Activity',
  category: 'Category',
  service: 'Service',
  result: 'Result',
  operationType: 'Operation type',
  initiatedBy: 'Initiated by',
  targetType: 'Target type',
  activityType: 'Activity type',
};

/** Events with nothing to group by land here rather than vanish. */
export const GROUP_NONE = '(none)';

/**
 * One group per event, so group counts always add up to the event count. An event acting on
 * several targets is grouped by its first (primary) target's type.
 */
export function groupOf(event: AuditEvent, groupBy: GroupBy): string {
  const value = groupBy === 'targetType' ? (event.targets[0]?.type ?? '') : event[groupBy];
  return value === '' ? GROUP_NONE : value;
}

export interface GroupPlan {
  /** Output groups in order: biggest first, named groups included, "other" last. */
  groups: string[];
  /** Event group → output group (identity, or "other"). */
  assign: (group: string) => string;
}

/**
 * Orders groups by count (then name) and, when `topN` is set, folds all but the N biggest into
 * "other". Groups named in the query always appear, even with no events, so alerts see a 0.
 */
export function planGroups(counts: Map<string, number>, named: string[] = [], topN?: number): GroupPlan {
  const all = new Map(counts);
  for (const name of named) {
    if (!all.has(name)) {
      all.set(name, 0);
    }
  }
  const ranked = [...all.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([g]) => g);
  if (!topN || topN <= 0 || ranked.length <= topN) {
    return { groups: ranked, assign: (g) => g };
  }
  const kept = new Set([...ranked.slice(0, topN), ...named]);
  const groups = ranked.filter((g) => kept.has(g));
  const folded = ranked.some((g) => !kept.has(g));
  if (folded && !kept.has(GROUP_OTHER)) {
    groups.push(GROUP_OTHER);
  }
  return { groups, assign: (g) => (kept.has(g) ? g : GROUP_OTHER) };
}

export function countByGroup(events: AuditEvent[], groupBy: GroupBy): Map<string, number> {
  const counts = new Map<string, number>();
  for (const event of events) {
    const group = groupOf(event, groupBy);
    counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  return counts;
}
