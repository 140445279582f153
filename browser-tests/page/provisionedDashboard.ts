import { DataQuery, FieldConfigSource } from '@grafana/data';

import overview from '../../provisioning/dashboards/json/entra-audit-overview.json';

/** A panel of a dashboard JSON, reduced to what the host draws. */
export interface ProvisionedPanel {
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets: Array<DataQuery & Record<string, unknown>>;
  options?: Record<string, unknown>;
  fieldConfig?: FieldConfigSource;
}

interface DashboardVariable {
  name: string;
  type: string;
  current?: { value?: string | string[] };
}

/** The dashboard Grafana provisions (provisioning/dashboards/), read as Grafana reads it. */
export const PROVISIONED_DASHBOARD = {
  title: overview.title as string,
  /** Hours before "now" of the dashboard's default range (`now-24h`). */
  hours: hoursOf((overview as { time?: { from?: string } }).time?.from),
  panels: overview.panels as unknown as ProvisionedPanel[],
  variables: variableValues(overview.templating.list as DashboardVariable[]),
};

/** The variables' saved values (All, for this dashboard), for the template service; the data source one is the host's. */
function variableValues(list: DashboardVariable[]): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const variable of list) {
    if (variable.type !== 'datasource' && variable.current?.value !== undefined) {
      values[variable.name] = variable.current.value;
    }
  }
  return values;
}

function hoursOf(from: string | undefined): number {
  const match = /^now-(\d+)h$/.exec(from ?? '');
  if (!match) {
    throw new Error(`the provisioned dashboard's range starts at "${from}"; the host reads only now-<N>h`);
  }
  return Number(match[1]);
}
