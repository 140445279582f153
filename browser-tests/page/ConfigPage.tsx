import { css } from '@emotion/css';
import { DataSourcePlugin, DataSourceSettings, GrafanaTheme2, TestDataSourceResponse } from '@grafana/data';
import { Alert, Button, Field, Input, Stack, useStyles2 } from '@grafana/ui';
import React, { useMemo, useState } from 'react';

import { HostConfig, pluginMeta, toInstanceSettings } from './hostConfig';
import { hostState } from './hostState';

// Grafana's e2e selector for the Save & test result (pages.DataSource.alert, Grafana >= 10.3).
const TEST_RESULT_TESTID = 'data-testid Data source settings page Alert';

interface Props {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  plugin: DataSourcePlugin<any, any, any, any>;
  config: HostConfig;
  initialSettings: DataSourceSettings;
}

/**
 * Grafana's data source settings page: name, the plugin's ConfigEditor, and Save & test, which
 * saves through the API (the secret goes to the server and comes back only as secureJsonFields),
 * then builds a fresh instance from the saved settings and calls its testDatasource().
 */
export function ConfigPage({ plugin, config, initialSettings }: Props) {
  const styles = useStyles2(getStyles);
  const meta = useMemo(() => pluginMeta(config), [config]);
  const [options, setOptions] = useState<DataSourceSettings>(initialSettings);
  const [result, setResult] = useState<TestDataSourceResponse | undefined>();
  const [testing, setTesting] = useState(false);
  const ConfigEditor = plugin.components.ConfigEditor;

  const onOptionsChange = (next: DataSourceSettings) => {
    hostState.optionChanges.push(next);
    setOptions(next);
  };

  const saveAndTest = async () => {
    setTesting(true);
    setResult(undefined);
    const answer = await saveThenTest(plugin, options, meta, setOptions);
    hostState.testResults.push(answer);
    setResult(answer);
    setTesting(false);
  };

  return (
    <div className={styles.page}>
      <Stack gap={2} alignItems="center">
        <img src={meta.info.logos.large} alt="" width={48} height={48} />
        <div>
          <h1 className={styles.title}>{options.name}</h1>
          <div className={styles.subtitle}>Type: {meta.name}</div>
        </div>
      </Stack>
      <Field label="Name" className={styles.name}>
        <Input
          id="basic-settings-name"
          value={options.name}
          width={40}
          onChange={(event) => setOptions({ ...options, name: event.currentTarget.value })}
        />
      </Field>
      {ConfigEditor ? (
        <ConfigEditor options={options} onOptionsChange={onOptionsChange} />
      ) : (
        <Alert title="The plugin has no ConfigEditor" severity="error" />
      )}
      {result && <TestResult result={result} detailsClass={styles.details} />}
      <Stack gap={1}>
        <Button variant="secondary" fill="solid" type="button">
          Back
        </Button>
        <Button variant="primary" type="submit" onClick={saveAndTest} disabled={testing}>
          Save &amp; test
        </Button>
      </Stack>
    </div>
  );
}

/**
 * Saves through the API, hands the saved settings (secret now only a secureJsonFields flag) to the
 * page, then tests a fresh instance built from them; a failure of either step is the answer shown.
 */
async function saveThenTest(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  plugin: DataSourcePlugin<any, any, any, any>,
  options: DataSourceSettings,
  meta: ReturnType<typeof pluginMeta>,
  onSaved: (saved: DataSourceSettings) => void
): Promise<TestDataSourceResponse> {
  try {
    const saved = await fetch(`/api/datasources/uid/${options.uid}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(options),
    });
    if (!saved.ok) {
      throw new Error(`Saving failed with HTTP ${saved.status}`);
    }
    const { datasource } = (await saved.json()) as { datasource: DataSourceSettings };
    onSaved(datasource);
    const DataSourceClass = plugin.DataSourceClass;
    return await new DataSourceClass(toInstanceSettings(datasource, meta)).testDatasource();
  } catch (error) {
    return { status: 'error', message: `Testing threw: ${String(error)}` };
  }
}

function TestResult({ result, detailsClass }: { result: TestDataSourceResponse; detailsClass: string }) {
  return (
    <Alert
      data-testid={TEST_RESULT_TESTID}
      severity={result.status === 'success' ? 'success' : result.status === 'warning' ? 'warning' : 'error'}
      title={result.message}
    >
      {result.details && typeof result.details === 'object' && 'message' in result.details ? (
        <div className={detailsClass}>{String(result.details.message)}</div>
      ) : null}
    </Alert>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ maxWidth: 900, display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  title: css({ margin: 0, fontSize: theme.typography.h2.fontSize }),
  subtitle: css({ color: theme.colors.text.secondary }),
  name: css({ marginBottom: 0 }),
  details: css({ whiteSpace: 'pre-wrap' }),
});
