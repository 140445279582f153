import {
  applyFieldOverrides,
  DataFrame,
  FieldColorModeId,
  FieldConfigSource,
  getFieldDisplayValues,
  GrafanaTheme2,
  TimeRange,
} from '@grafana/data';
import { BigValueColorMode, BigValueGraphMode, LegendDisplayMode, VizOrientation } from '@grafana/schema';
import { BarGauge, BarGaugeDisplayMode, BigValue, Table, TimeSeries, useTheme2 } from '@grafana/ui';
import React, { useMemo } from 'react';

import type { ProvisionedPanel } from './provisionedDashboard';

interface Props {
  panel: ProvisionedPanel;
  frames: DataFrame[];
  range: TimeRange;
  width: number;
  height: number;
}

/** Panel types @grafana/ui can draw; a logs panel is Grafana's own code, so the host shows its frame as a table. */
export const DRAWN_AS: Record<string, 'graph' | 'stat' | 'bargauge' | 'table'> = {
  timeseries: 'graph',
  stat: 'stat',
  bargauge: 'bargauge',
  table: 'table',
  logs: 'table',
};

/** One provisioned panel drawn with @grafana/ui's visualisation components, after the panel's field config. */
export function PanelViz({ panel, frames, range, width, height }: Props) {
  const theme = useTheme2();
  const processed = useMemo(() => withFieldConfig(frames, panel, theme), [frames, panel, theme]);
  const nonEmpty = processed.filter((frame) => frame.length > 0);
  if (nonEmpty.length === 0) {
    return <div data-testid="host-no-data">No data</div>;
  }
  switch (DRAWN_AS[panel.type]) {
    case 'graph':
      return (
        <div data-testid="host-graph">
          <TimeSeries
            frames={nonEmpty}
            timeRange={range}
            timeZone="utc"
            width={width}
            height={height}
            legend={{ showLegend: true, displayMode: LegendDisplayMode.Table, placement: 'right', calcs: ['sum'] }}
          />
        </div>
      );
    case 'stat':
    case 'bargauge':
      return <ReducedValues panel={panel} frames={nonEmpty} width={width} height={height} theme={theme} />;
    default:
      return (
        <div data-testid="host-table">
          <Table data={nonEmpty[0]} width={width} height={height} />
        </div>
      );
  }
}

interface ReducedProps {
  panel: ProvisionedPanel;
  frames: DataFrame[];
  width: number;
  height: number;
  theme: GrafanaTheme2;
}

/** Stat and bar gauge: each number reduced as the panel's reduceOptions say, by @grafana/data's own code. */
function ReducedValues({ panel, frames, width, height, theme }: ReducedProps) {
  const values = getFieldDisplayValues({
    data: frames,
    reduceOptions: (panel.options?.reduceOptions as { calcs: string[] }) ?? { calcs: ['lastNotNull'] },
    fieldConfig: fieldConfigOf(panel),
    replaceVariables: (value: string) => value,
    theme,
    timeZone: 'utc',
  });
  const rowHeight = Math.floor(height / Math.max(values.length, 1));
  return (
    <div data-testid={`host-${panel.type}`}>
      {values.map((value, index) =>
        panel.type === 'stat' ? (
          <BigValue
            key={index}
            theme={theme}
            value={value.display}
            width={width}
            height={rowHeight}
            colorMode={BigValueColorMode.Background}
            graphMode={BigValueGraphMode.None}
          />
        ) : (
          <BarGauge
            key={index}
            theme={theme}
            value={value.display}
            field={value.field}
            width={width}
            height={rowHeight}
            orientation={VizOrientation.Horizontal}
            displayMode={BarGaugeDisplayMode.Gradient}
            isOverflow={false}
          />
        )
      )}
    </div>
  );
}

function fieldConfigOf(panel: ProvisionedPanel): FieldConfigSource {
  return panel.fieldConfig ?? { defaults: {}, overrides: [] };
}

function withFieldConfig(frames: DataFrame[], panel: ProvisionedPanel, theme: GrafanaTheme2): DataFrame[] {
  const source = fieldConfigOf(panel);
  // Grafana's panel defaults the JSON leaves out: a classic palette colour per series.
  const defaults = { color: { mode: FieldColorModeId.PaletteClassic }, ...source.defaults };
  return applyFieldOverrides({
    data: frames,
    fieldConfig: { defaults, overrides: source.overrides ?? [] },
    replaceVariables: (value: string) => value,
    theme,
    timeZone: 'utc',
  });
}
