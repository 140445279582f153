import { DataSourcePlugin, DataSourceSettings } from '@grafana/data';
import { BackendSrv, setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import React from 'react';
import { createRoot } from 'react-dom/client';

import { RunnerTemplateSrv } from '../../tools/query-runner/runnerTemplateSrv';
import { loadAmdModule } from './amdLoader';
import { BrowserBackendSrv } from './browserBackendSrv';
import { grafanaExternals } from './externals';
import { HostApp, HostView, LoadFailure } from './HostApp';
import { HostConfig } from './hostConfig';
import { hostState } from './hostState';

/**
 * The test host's boot: Grafana's services first, then the plugin's module.js through the AMD
 * loader with Grafana's shared modules, then the page the URL asks for
 * (`?view=config|query|dashboard&theme=light|dark`). `omitExternal=<name>` leaves one shared
 * module out, to prove a missing external fails the load.
 */
async function boot() {
  const params = new URLSearchParams(location.search);
  const theme = params.get('theme') === 'light' ? 'light' : 'dark';
  const view = (params.get('view') ?? 'config') as HostView;
  const shared = { ...grafanaExternals };
  for (const name of params.getAll('omitExternal')) {
    delete shared[name];
  }

  const backendSrv = new BrowserBackendSrv();
  hostState.backendRequests = backendSrv.requests;
  setBackendSrv(backendSrv as unknown as BackendSrv);
  const config = (await (await fetch('/host/config.json')).json()) as HostConfig;
  setTemplateSrv(new RunnerTemplateSrv(config.variables));

  const root = createRoot(document.getElementById('root')!);
  try {
    const exports = await loadAmdModule(config.moduleUrl, shared);
    const plugin = exports.plugin;
    if (!(plugin instanceof DataSourcePlugin)) {
      throw new Error(
        `module.js loaded but exports no DataSourcePlugin named "plugin" (exports: ${Object.keys(exports).join(', ') || 'none'}).`
      );
    }
    const settings = (await (await fetch(`/api/datasources/uid/${config.datasourceUid}`)).json()) as DataSourceSettings;
    root.render(<HostApp theme={theme} view={view} plugin={plugin} config={config} initialSettings={settings} />);
  } catch (error) {
    hostState.loadError = error instanceof Error ? error.message : String(error);
    root.render(<LoadFailure theme={theme} message={hostState.loadError} />);
  }
}

boot().catch((error: unknown) => {
  hostState.loadError = `The test host failed to start: ${String(error)}`;
});
