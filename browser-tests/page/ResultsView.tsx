import { applyFieldOverrides, DataFrame, FieldColorModeId, FieldType, GrafanaTheme2, TimeRange } from '@grafana/data';
import { LegendDisplayMode } from '@grafana/schema';
import { Table, TimeSeries, useTheme2 } from '@grafana/ui';
import React, { useMemo } from 'react';

interface Props {
  frames: DataFrame[];
  range: TimeRange;
  width: number;
  height: number;
  /** Time series draw as a graph, anything else as a table; `table` forces the table. */
  as?: 'auto' | 'table';
}

/**
 * The plugin's frames drawn with @grafana/ui's own visual components, after Grafana's field
 * processing (display processors and theme colours from applyFieldOverrides): a graph of the
 * time series, or a table of the first frame.
 */
export function ResultsView({ frames, range, width, height, as = 'auto' }: Props) {
  const theme = useTheme2();
  const processed = useMemo(() => process(frames, theme), [frames, theme]);
  const nonEmpty = processed.filter((frame) => frame.length > 0);
  if (nonEmpty.length === 0) {
    return <div data-testid="host-no-data">No data</div>;
  }
  if (as === 'auto' && nonEmpty.every(isTimeSeries)) {
    return (
      <div data-testid="host-graph">
        <TimeSeries
          frames={nonEmpty}
          timeRange={range}
          timeZone="utc"
          width={width}
          height={height}
          legend={{ showLegend: true, displayMode: LegendDisplayMode.List, placement: 'bottom', calcs: [] }}
        />
      </div>
    );
  }
  return (
    <div data-testid="host-table">
      <Table data={nonEmpty[0]} width={width} height={height} />
    </div>
  );
}

function isTimeSeries(frame: DataFrame): boolean {
  return (
    frame.fields.some((field) => field.type === FieldType.time) &&
    frame.fields.some((field) => field.type === FieldType.number)
  );
}

function process(frames: DataFrame[], theme: GrafanaTheme2): DataFrame[] {
  // The time series panel's defaults: a classic palette colour per series, thin lines, light fill.
  const withPanelDefaults = frames.map((frame) => ({
    ...frame,
    fields: frame.fields.map((field) =>
      field.type === FieldType.number
        ? {
            ...field,
            config: {
              color: { mode: FieldColorModeId.PaletteClassic },
              custom: { lineWidth: 1, fillOpacity: 10 },
              ...field.config,
            },
          }
        : field
    ),
  }));
  return applyFieldOverrides({
    data: withPanelDefaults,
    fieldConfig: { defaults: {}, overrides: [] },
    replaceVariables: (value: string) => value,
    theme,
    timeZone: 'utc',
  });
}
