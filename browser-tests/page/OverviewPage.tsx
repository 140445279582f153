import { css } from '@emotion/css';
import { DataSourceApi, DataSourcePlugin, DataSourceSettings, TimeRange } from '@grafana/data';
import { setTemplateSrv } from '@grafana/runtime';
import { PanelChrome } from '@grafana/ui';
import React, { useMemo } from 'react';

import { RunnerTemplateSrv } from '../../tools/query-runner/runnerTemplateSrv';
import { HostConfig, pluginMeta, toInstanceSettings } from './hostConfig';
import { PanelViz } from './PanelViz';
import { PROVISIONED_DASHBOARD, ProvisionedPanel } from './provisionedDashboard';
import { rangeBefore } from './queryRequest';
import { usePanelData } from './usePanelData';

interface Props {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  plugin: DataSourcePlugin<any, any, any, any>;
  config: HostConfig;
  settings: DataSourceSettings;
}

/** Grafana's grid: 24 columns, rows of 30 px, 8 px between panels. */
const COLUMNS = 24;
const ROW_HEIGHT = 30;
const GAP = 8;
const GRID_WIDTH = 1232;

/**
 * The provisioned dashboard (provisioning/dashboards/json) on the harness: every panel at its grid
 * position with its own query, the variables at their saved values (All), over the dashboard's range.
 */
export function OverviewPage({ plugin, config, settings }: Props) {
  const datasource = useMemo(() => {
    // The dashboard's own variables replace the host's ($activity = Add user) for this page.
    setTemplateSrv(new RunnerTemplateSrv(PROVISIONED_DASHBOARD.variables));
    return new plugin.DataSourceClass(toInstanceSettings(settings, pluginMeta(config))) as DataSourceApi;
  }, [plugin, config, settings]);
  const range = useMemo(() => rangeBefore(config.now, PROVISIONED_DASHBOARD.hours), [config.now]);
  const rows = Math.max(...PROVISIONED_DASHBOARD.panels.map((p) => p.gridPos.y + p.gridPos.h));
  return (
    <div className={css({ position: 'relative', width: GRID_WIDTH, height: rows * (ROW_HEIGHT + GAP) })}>
      {PROVISIONED_DASHBOARD.panels.map((panel) => (
        <GridPanel key={panel.title} panel={panel} datasource={datasource} range={range} />
      ))}
    </div>
  );
}

function GridPanel({
  panel,
  datasource,
  range,
}: {
  panel: ProvisionedPanel;
  datasource: DataSourceApi;
  range: TimeRange;
}) {
  const column = (GRID_WIDTH + GAP) / COLUMNS;
  const { x, y, w, h } = panel.gridPos;
  const width = Math.round(w * column - GAP);
  const height = h * (ROW_HEIGHT + GAP) - GAP;
  const { frames, state, error } = usePanelData(panel.title, panel.targets[0], datasource, range, width);
  return (
    <div
      data-testid={`host-panel-${panel.title}`}
      className={css({ position: 'absolute', left: Math.round(x * column), top: y * (ROW_HEIGHT + GAP) })}
    >
      <PanelChrome title={panel.title} width={width} height={height} loadingState={state} statusMessage={error}>
        {(innerWidth, innerHeight) => (
          <PanelViz panel={panel} frames={frames} range={range} width={innerWidth} height={innerHeight} />
        )}
      </PanelChrome>
    </div>
  );
}
