import { AuditEvent, ChangedValues } from '../model/event';
import { CHANGED_VALUE_NAMES } from '../normalize/changedValues';
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
  targetName: 'targetName',
  roleName: 'roleName',
  roleTemplateId: 'roleTemplateId',
  keyType: 'keyType',
  keyUsage: 'keyUsage',
  keyDescription: 'keyDescription',
  consentPermissions: 'consentPermissions',
  adminConsent: 'adminConsent',
  policyName: 'policyName',
  policyState: 'policyState',
  groupName: 'groupName',
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
  targetName: 'Target name',
  roleName: 'Role',
  roleTemplateId: 'Role template ID',
  keyType: 'Key type',
  keyUsage: 'Key usage',
  keyDescription: 'Key description',
  consentPermissions: 'Consent permissions',
  adminConsent: 'Admin consent',
  policyName: 'Policy',
  policyState: 'Policy state',
  groupName: 'Group',
};

/** Events with nothing to group by land here rather than vanish. */
export const GROUP_NONE = '(none)';

/**
 * One group per event, so group counts always add up to the event count. An event acting on
 * several targets is grouped by its first (primary) target's type or name (display name, else UPN).
 */
export function groupOf(event: AuditEvent, groupBy: GroupBy): string {
  const value = groupValue(event, groupBy);
  return value === '' ? GROUP_NONE : value;
}

function groupValue(event: AuditEvent, groupBy: GroupBy): string {
  if (isChangedValue(groupBy)) {
    return event.changes[groupBy];
  }
  switch (groupBy) {
    case 'targetType':
      return event.targets[0]?.type ?? '';
    case 'targetName':
      return event.targets[0] ? event.targets[0].displayName || event.targets[0].userPrincipalName : '';
    default:
      return event[groupBy];
  }
}

function isChangedValue(groupBy: GroupBy): groupBy is keyof ChangedValues {
  return (CHANGED_VALUE_NAMES as readonly string[]).includes(groupBy);
}

export interface GroupPlan {
  /** Output groups in order: biggest first, named groups included, "other" last. */
  groups: string[];
  /** Event group → output group (identity, or "other"). */
  assign: (group: string) => string;
  /** The series limit, not top N, summed the smallest groups as "other" (the caller adds a notice). */
  capped: boolean;
}

/**
 * Orders groups by count (then name) and, when `topN` is set, folds all but the N biggest into
 * "other". Groups named in the query always appear, even with no events, so alerts see a 0.
 * At most `maxSeries` groups come out ("other" included): past that, the smallest unnamed ones are
 * folded too. Mirrors planGroups in pkg/frames/groups.go.
 */
export function planGroups(
  counts: Map<string, number>,
  named: string[] = [],
  topN?: number,
  maxSeries = Infinity
): GroupPlan {
  const all = new Map(counts);
  for (const name of named) {
    if (!all.has(name)) {
      all.set(name, 0);
    }
  }
  const ranked = [...all.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([g]) => g);
  const top = topN && topN > 0 ? topN : Infinity;
  if (ranked.length <= Math.min(top, maxSeries)) {
    return { groups: ranked, assign: (g) => g, capped: false };
  }
  const wanted = new Set([...ranked.slice(0, top), ...named]);
  const folds = (set: Set<string>) => ranked.some((g) => !set.has(g)) && !set.has(GROUP_OTHER);
  const capped = wanted.size + (folds(wanted) ? 1 : 0) > maxSeries;
  // One place stays free for "other".
  const kept = capped ? namedThenBiggest(named, ranked.slice(0, top), maxSeries - 1) : wanted;
  const groups = ranked.filter((g) => kept.has(g));
  if (folds(kept)) {
    groups.push(GROUP_OTHER);
  }
  return { groups, assign: (g) => (kept.has(g) ? g : GROUP_OTHER), capped };
}

/** Every named group, then the biggest others until `size` groups are kept. */
function namedThenBiggest(named: string[], ranked: string[], size: number): Set<string> {
  const kept = new Set(named);
  for (const group of ranked) {
    if (kept.size >= size) {
      break;
    }
    kept.add(group);
  }
  return kept;
}
