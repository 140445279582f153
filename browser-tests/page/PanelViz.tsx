import {
  applyFieldOverrides,
  DataFrame,
  FieldColorModeId,
  FieldConfigSource,
  FieldType,
  getFieldDisplayValues,
  GrafanaTheme2,
  ThresholdsMode,
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

/**
 * The panel's field config over Grafana's defaults the JSON leaves out: stat and bar gauge coloured
 * by thresholds (green, red from 80), other panels a classic palette colour per series.
 */
function fieldConfigOf(panel: ProvisionedPanel): FieldConfigSource {
  const source = panel.fieldConfig ?? { defaults: {}, overrides: [] };
  const byThresholds = panel.type === 'stat' || panel.type === 'bargauge';
  return {
    defaults: {
      color: { mode: byThresholds ? FieldColorModeId.Thresholds : FieldColorModeId.PaletteClassic },
      thresholds: {
        mode: ThresholdsMode.Absolute,
        steps: [
          { value: -Infinity, color: 'green' },
          { value: 80, color: 'red' },
        ],
      },
      ...source.defaults,
    },
    overrides: source.overrides ?? [],
  };
}

/**
 * Grafana merges a panel's defaults into each field through its field-config registry, which only
 * Grafana's boot fills; here the defaults go onto the number fields directly, then Grafana's own
 * applyFieldOverrides adds display processors. Bars start at 0 and end at the largest value.
 */
function withFieldConfig(frames: DataFrame[], panel: ProvisionedPanel, theme: GrafanaTheme2): DataFrame[] {
  const { defaults, overrides } = fieldConfigOf(panel);
  const numbers = frames.flatMap((frame) => frame.fields.filter((field) => field.type === FieldType.number));
  const largest = Math.max(0, ...numbers.flatMap((field) => field.values.filter(Number.isFinite)));
  const range = panel.type === 'bargauge' ? { min: 0, max: largest } : {};
  const configured = frames.map((frame) => ({
    ...frame,
    fields: frame.fields.map((field) =>
      field.type === FieldType.number ? { ...field, config: { ...defaults, ...range, ...field.config } } : field
    ),
  }));
  return applyFieldOverrides({
    data: configured,
    fieldConfig: { defaults: {}, overrides },
    replaceVariables: (value: string) => value,
    theme,
    timeZone: 'utc',
  });
}
