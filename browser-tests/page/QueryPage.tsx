import { css } from '@emotion/css';
import {
  CoreApp,
  DataFrame,
  DataQuery,
  DataSourceApi,
  DataSourcePlugin,
  DataSourceSettings,
  GrafanaTheme2,
  LoadingState,
} from '@grafana/data';
import { Alert, PanelChrome, useStyles2 } from '@grafana/ui';
import React, { useEffect, useMemo, useRef, useState } from 'react';
import { Subscription } from 'rxjs';

import { HostConfig, pluginMeta, toInstanceSettings } from './hostConfig';
import { hostState, recordPanel } from './hostState';
import { panelRequest, rangeBefore, runPanelQuery } from './queryRequest';
import { ResultsView } from './ResultsView';

interface Props {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  plugin: DataSourcePlugin<any, any, any, any>;
  config: HostConfig;
  settings: DataSourceSettings;
}

const PREVIEW = 'Panel preview';

/**
 * Grafana's panel editor reduced to one query row: the plugin's QueryEditor with the data source's
 * default query, every onChange recorded, and onRunQuery running the query into a preview panel.
 */
export function QueryPage({ plugin, config, settings }: Props) {
  const styles = useStyles2(getStyles);
  const datasource = useMemo(
    () => new plugin.DataSourceClass(toInstanceSettings(settings, pluginMeta(config))) as DataSourceApi,
    [plugin, config, settings]
  );
  const range = useMemo(() => rangeBefore(config.now, 6), [config.now]);
  const [query, setQuery] = useState<DataQuery>(() => ({
    refId: 'A',
    ...datasource.getDefaultQuery?.(CoreApp.PanelEditor),
  }));
  const [run, setRun] = useState(0);
  const latest = useRef(query);
  latest.current = query;
  const { frames, state, errors } = usePreview(datasource, range, run, latest);
  const QueryEditor = plugin.components.QueryEditor;

  return (
    <div className={styles.page}>
      <PanelChrome title={PREVIEW} width={1100} height={300} loadingState={state}>
        {(width, height) => <ResultsView frames={frames} range={range} width={width} height={height} />}
      </PanelChrome>
      {errors.map((message) => (
        <Alert key={message} severity="error" title={message} />
      ))}
      <div className={styles.row} data-testid="host-query-row-A">
        <div className={styles.rowHeader}>
          <strong>A</strong>
          <span className={styles.dsName}>({settings.name})</span>
        </div>
        {QueryEditor ? (
          <QueryEditor
            datasource={datasource}
            query={query}
            range={range}
            app={CoreApp.PanelEditor}
            onChange={(next: DataQuery) => {
              hostState.emitted.push(next);
              setQuery(next);
            }}
            onRunQuery={() => {
              hostState.runQueryCalls++;
              setRun((count) => count + 1);
            }}
          />
        ) : (
          <Alert title="The plugin has no QueryEditor" severity="error" />
        )}
      </div>
      <pre className={styles.model} data-testid="host-query-model">
        {JSON.stringify(query, null, 2)}
      </pre>
    </div>
  );
}

/** Runs the latest query into the preview panel each time `run` counts up, as the panel editor does. */
function usePreview(
  datasource: DataSourceApi,
  range: ReturnType<typeof rangeBefore>,
  run: number,
  latest: React.MutableRefObject<DataQuery>
) {
  const [frames, setFrames] = useState<DataFrame[]>([]);
  const [state, setState] = useState<LoadingState>(LoadingState.NotStarted);
  const [errors, setErrors] = useState<string[]>([]);
  useEffect(() => {
    if (run === 0) {
      return;
    }
    const subscription: Subscription = runPanelQuery(
      datasource,
      panelRequest([latest.current], range, 800, CoreApp.PanelEditor)
    ).subscribe((response) => {
      recordPanel(PREVIEW, response, range);
      setFrames(response.data);
      setState(response.state ?? LoadingState.Done);
      setErrors((response.errors ?? []).map((error) => error.message ?? ''));
    });
    return () => subscription.unsubscribe();
  }, [run, datasource, range, latest]);
  return { frames, state, errors };
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2), maxWidth: 1100 }),
  row: css({
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1, 2, 2),
  }),
  rowHeader: css({
    display: 'flex',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
    color: theme.colors.primary.text,
  }),
  dsName: css({ color: theme.colors.text.secondary }),
  model: css({ fontSize: theme.typography.bodySmall.fontSize, maxHeight: 160, overflow: 'auto' }),
});
