/**
 * Who waits for a query's answer, as far as the data source can tell. Grafana does not say which
 * panels are on screen (its dashboards only run the panels in or near the viewport anyway), but it
 * does say what the user is doing:
 *
 * - `interactive`: someone is looking at this one query (Explore, the panel editor, a viewed
 *   panel, an alert rule's preview) or a whole dashboard waits for it (a template variable);
 * - `dashboard`: a dashboard panel or annotation, and callers that say nothing;
 * - `background`: any query of a hidden browser tab (nobody is looking).
 */
export type QueryPriority = 'interactive' | 'dashboard' | 'background';

/**
 * Read whenever the request budget picks its next request, so a tab hidden meanwhile or an
 * Explore query joining a dashboard's walk counts at once, for requests already waiting.
 */
export type PriorityOf = () => QueryPriority;

/** What a walk ranks as when nobody said: callers outside Grafana (the headless runner, tests). */
export const DEFAULT_PRIORITY: QueryPriority = 'dashboard';

const LEVELS: Record<QueryPriority, number> = { background: 0, dashboard: 1, interactive: 2 };

/** Higher is served first. */
export function priorityLevel(priority: QueryPriority): number {
  return LEVELS[priority];
}

/** The priority a walk shared by several queries runs at: that of the most urgent one still waiting. */
export function highestPriority(priorities: Iterable<QueryPriority>): QueryPriority | undefined {
  let highest: QueryPriority | undefined;
  for (const priority of priorities) {
    if (highest === undefined || LEVELS[priority] > LEVELS[highest]) {
      highest = priority;
    }
  }
  return highest;
}
