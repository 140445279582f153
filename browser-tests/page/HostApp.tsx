import { css } from '@emotion/css';
import { createTheme, DataSourcePlugin, DataSourceSettings, GrafanaTheme2 } from '@grafana/data';
import { config as runtimeConfig } from '@grafana/runtime';
import { Alert, GlobalStyles, Icon, ThemeContext, useStyles2 } from '@grafana/ui';
import React, { ReactNode, useEffect, useMemo } from 'react';

import { ConfigPage } from './ConfigPage';
import { DashboardPage } from './DashboardPage';
import { HostConfig } from './hostConfig';
import { hostState } from './hostState';
import { OverviewPage } from './OverviewPage';
import { QueryPage } from './QueryPage';

export type HostView = 'config' | 'query' | 'dashboard' | 'overview';
type Mode = 'light' | 'dark';

interface Props {
  theme: Mode;
  view: HostView;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  plugin: DataSourcePlugin<any, any, any, any>;
  config: HostConfig;
  initialSettings: DataSourceSettings;
}

const TITLES: Record<HostView, string> = {
  config: 'Data sources › Entra ID audit logs',
  query: 'Dashboards › Entra ID audit › Edit panel',
  dashboard: 'Dashboards › Entra ID audit',
  overview: 'Dashboards › Entra ID audit overview (provisioning/dashboards)',
};

/** Grafana's theme, global styles and page chrome around one of the host's pages. */
export function HostApp({ theme, view, plugin, config, initialSettings }: Props) {
  useEffect(() => {
    hostState.ready = true;
  }, []);
  const page =
    view === 'config' ? (
      <ConfigPage plugin={plugin} config={config} initialSettings={initialSettings} />
    ) : view === 'query' ? (
      <QueryPage plugin={plugin} config={config} settings={initialSettings} />
    ) : view === 'overview' ? (
      <OverviewPage plugin={plugin} config={config} settings={initialSettings} />
    ) : (
      <DashboardPage plugin={plugin} config={config} settings={initialSettings} />
    );
  return (
    <Themed mode={theme}>
      <Chrome title={TITLES[view]}>{page}</Chrome>
    </Themed>
  );
}

export function LoadFailure({ theme, message }: { theme: Mode; message: string }) {
  return (
    <Themed mode={theme}>
      <Chrome title="Plugin failed to load">
        <Alert severity="error" title="The data source plugin could not be loaded" data-testid="host-load-error">
          {message}
        </Alert>
      </Chrome>
    </Themed>
  );
}

function Themed({ mode, children }: { mode: Mode; children: ReactNode }) {
  const theme = useMemo(() => createTheme({ colors: { mode } }), [mode]);
  // Grafana's config carries the theme too; some @grafana/ui code reads it there.
  runtimeConfig.theme2 = theme;
  return (
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      {children}
    </ThemeContext.Provider>
  );
}

function Chrome({ title, children }: { title: string; children: ReactNode }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.app}>
      <header className={styles.topBar}>
        <Icon name="grafana" size="lg" />
        <span className={styles.breadcrumb}>{title}</span>
        <span className={styles.badge}>test host · tenant emulator</span>
      </header>
      <main className={styles.main}>{children}</main>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  app: css({ minHeight: '100vh', background: theme.colors.background.canvas, color: theme.colors.text.primary }),
  topBar: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1.5),
    height: 48,
    padding: theme.spacing(0, 2),
    background: theme.colors.background.primary,
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  breadcrumb: css({ fontSize: theme.typography.body.fontSize, color: theme.colors.text.secondary }),
  badge: css({
    marginLeft: 'auto',
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
  }),
  main: css({ padding: theme.spacing(2, 3) }),
});
