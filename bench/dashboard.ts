import { AuditQuery, withQueryDefaults } from '../src/core/model/query';
import { planRequest } from '../src/core/plan/planRequest';
import { ResolvedSettings } from '../src/core/model/settings';

/**
 * The benchmark's dashboard: six panels over one 7-day range, in different formats and group-bys,
 * with two pushed-down filters among them (service, activity) and one plugin-side (result): three
 * distinct server filters, all narrower than the unfiltered panels', so one walk serves six panels.
 */
const PANELS: AuditQuery[] = [
  { refId: 'A', format: 'timeSeries', groupBy: 'activity', filters: [] },
  { refId: 'B', format: 'summary', groupBy: 'category', filters: [] },
  { refId: 'C', format: 'events', groupBy: 'activity', filters: [] },
  {
    refId: 'D',
    format: 'timeSeries',
    groupBy: 'activity',
    filters: [{ field: 'service', operator: 'eq', values: ['Core Directory'] }],
  },
  {
    refId: 'E',
    format: 'logs',
    groupBy: 'activity',
    // Result runs in the plugin: E shares D's walk.
    filters: [
      { field: 'service', operator: 'eq', values: ['Core Directory'] },
      { field: 'result', operator: 'eq', values: ['failure'] },
    ],
  },
  {
    refId: 'F',
    format: 'summary',
    groupBy: 'initiatedBy',
    filters: [{ field: 'activity', operator: 'startsWith', values: ['Update'] }],
  },
];

export const DASHBOARD_PANELS: AuditQuery[] = PANELS.map((panel) => withQueryDefaults(panel));

export const DASHBOARD_DAYS = 7;

/** Each panel's server-side `$filter`, exactly as the plugin plans it: what a per-panel walker would send. */
export function panelFilters(settings: ResolvedSettings, range: { from: number; to: number }, now: number): string[] {
  return DASHBOARD_PANELS.map((panel) => planRequest(panel, range, settings, now).filter);
}

/** The distinct server filters: one walk each is the least any client can do. */
export function distinctFilters(filters: string[]): string[] {
  return [...new Set(filters)];
}

/**
 * The walks the dashboard needs: one per distinct server filter, except a filter that only adds
 * clauses to another's, whose events that wider walk already holds (the plugin applies the extra
 * clauses itself). The dashboard has no raw `$filter`, so splitting on ` and ` finds every clause.
 */
export function neededWalks(filters: string[]): string[] {
  const distinct = distinctFilters(filters);
  const clauses = (filter: string) => filter.split(' and ');
  const widens = (wide: string, narrow: string) =>
    wide !== narrow && clauses(wide).every((clause) => clauses(narrow).includes(clause));
  return distinct.filter((narrow) => !distinct.some((wide) => widens(wide, narrow)));
}
