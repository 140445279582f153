import { css } from '@emotion/css';
import {
  DataQuery,
  DataSourceApi,
  DataSourcePlugin,
  DataSourceSettings,
  GrafanaTheme2,
  TimeRange,
} from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { PanelChrome, useStyles2 } from '@grafana/ui';
import React, { useMemo } from 'react';

import { HostConfig, pluginMeta, toInstanceSettings } from './hostConfig';
import { rangeBefore } from './queryRequest';
import { ResultsView } from './ResultsView';
import { usePanelData } from './usePanelData';

interface Props {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  plugin: DataSourcePlugin<any, any, any, any>;
  config: HostConfig;
  settings: DataSourceSettings;
}

interface PanelSpec {
  title: string;
  query: DataQuery & Record<string, unknown>;
  hours: number;
  width: number;
  height: number;
  as?: 'auto' | 'table';
}

/** Stored panel queries, as a dashboard JSON holds them. */
export const DASHBOARD_PANELS: PanelSpec[] = [
  {
    title: 'Directory changes per activity',
    query: { refId: 'A', format: 'timeSeries', groupBy: 'activity', filters: [], bucket: '30m', topN: 6 },
    hours: 6,
    width: 1180,
    height: 320,
  },
  {
    title: 'Audit events',
    query: { refId: 'A', format: 'events', groupBy: 'activity', filters: [] },
    hours: 12,
    width: 700,
    height: 360,
    as: 'table',
  },
  {
    title: 'Outcomes of $activity',
    query: {
      refId: 'A',
      format: 'summary',
      groupBy: 'result',
      filters: [{ field: 'activity', operator: 'eq', values: ['$activity'] }],
    },
    hours: 6,
    width: 460,
    height: 360,
    as: 'table',
  },
];

/** A dashboard: one data source instance shared by its panels, each panel drawn by @grafana/ui. */
export function DashboardPage({ plugin, config, settings }: Props) {
  const styles = useStyles2(getStyles);
  const datasource = useMemo(
    () => new plugin.DataSourceClass(toInstanceSettings(settings, pluginMeta(config))) as DataSourceApi,
    [plugin, config, settings]
  );
  return (
    <div className={styles.grid}>
      {DASHBOARD_PANELS.map((spec) => (
        <Panel key={spec.title} spec={spec} datasource={datasource} range={rangeBefore(config.now, spec.hours)} />
      ))}
    </div>
  );
}

function Panel({ spec, datasource, range }: { spec: PanelSpec; datasource: DataSourceApi; range: TimeRange }) {
  const { frames, state, error } = usePanelData(spec.title, spec.query, datasource, range, spec.width);

  return (
    <div data-testid={`host-panel-${spec.title}`}>
      <PanelChrome
        title={getTemplateSrv().replace(spec.title)}
        width={spec.width}
        height={spec.height}
        loadingState={state}
        statusMessage={error}
      >
        {(width, height) => <ResultsView frames={frames} range={range} width={width} height={height} as={spec.as} />}
      </PanelChrome>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  grid: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2), maxWidth: 1200 }),
});
