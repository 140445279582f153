import { AuditQuery } from '../src/core/model/query';

export interface DashboardJson {
  panels: Array<{ title: string; datasource: unknown; targets?: Array<AuditQuery & { datasource?: unknown }> }>;
  templating: { list: Array<{ name: string; type: string; query?: unknown }> };
  annotations: { list: Array<{ name: string; builtIn?: number; target?: AuditQuery }> };
}

/** Every query a dashboard stores for this plugin: panel targets and annotation targets. */
export function dashboardQueries(dashboard: DashboardJson): Array<{ where: string; query: AuditQuery }> {
  const panelQueries = dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).map(({ datasource, ...query }) => ({ where: `panel "${panel.title}" ${query.refId}`, query }))
  );
  const annotationQueries = dashboard.annotations.list
    .filter((annotation) => !annotation.builtIn && annotation.target)
    .map((annotation) => ({ where: `annotation "${annotation.name}"`, query: annotation.target as AuditQuery }));
  return [...panelQueries, ...annotationQueries];
}
