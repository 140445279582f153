import { CoreApp, DataQueryRequest } from '@grafana/data';

import { PriorityOf, QueryPriority } from '../core/coordinate/queryPriority';

/** Someone looks at this one query's result as it loads, or waits to act on it. */
const INTERACTIVE_APPS: ReadonlySet<string> = new Set([
  CoreApp.Explore,
  CoreApp.PanelEditor,
  CoreApp.PanelViewer,
  // The alert rule editor's preview: alert rules themselves run in Grafana's backend.
  CoreApp.UnifiedAlerting,
  CoreApp.CloudAlerting,
  CoreApp.Correlations,
]);

const variableRequests = new WeakSet<object>();

/**
 * Marks a request sent by this data source's variable support: a dashboard waits for its
 * variables before any panel can run, so they go first. Grafana tells variable requests apart
 * from panel requests by nothing else (both say `app: dashboard`).
 */
export function asVariableRequest<T extends object>(request: T): T {
  variableRequests.add(request);
  return request;
}

/**
 * What the request is for, regardless of whether anybody sees the page right now. Annotations and
 * places Grafana does not name (public dashboards, app plugins) are drawn on a page someone opened,
 * so they rank with dashboard panels: `background` would hold them to one place of the window.
 */
export function requestPriority(request: DataQueryRequest): QueryPriority {
  if (variableRequests.has(request)) {
    return 'interactive';
  }
  if (request.app !== undefined && INTERACTIVE_APPS.has(request.app)) {
    return 'interactive';
  }
  return 'dashboard';
}

/**
 * The query's priority as the request budget reads it, each time it picks a request: a hidden
 * browser tab means nobody is looking, so a tab hidden mid-walk yields from its next page on.
 */
export function priorityOf(request: DataQueryRequest, documentHidden: () => boolean): PriorityOf {
  const priority = requestPriority(request);
  return () => (documentHidden() ? 'background' : priority);
}

export function browserDocumentHidden(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'hidden';
}
