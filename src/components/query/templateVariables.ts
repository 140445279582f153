import { getTemplateSrv } from '@grafana/runtime';

/** `$name` of every dashboard variable; none outside a dashboard (or before Grafana's services start). */
export function dashboardVariableNames(): string[] {
  try {
    return getTemplateSrv()
      .getVariables()
      .map((variable) => `$${variable.name}`);
  } catch {
    return [];
  }
}
