import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUIraw from '@grafana/ui';
import i18next from 'i18next';
import jquery from 'jquery';
import * as lodash from 'lodash';
// eslint-disable-next-line no-restricted-imports -- Grafana shares moment with plugins, so the host must too.
import moment from 'moment';
import prismjs from 'prismjs';
import * as react from 'react';
import * as reactDom from 'react-dom';
import * as reactDomClient from 'react-dom/client';
import * as jsxRuntime from 'react/jsx-runtime';
import * as reactRedux from 'react-redux';
import * as redux from 'redux';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';

/**
 * The modules Grafana shares with plugins (public/app/features/plugins/loader/sharedDependencies.ts
 * in Grafana 12), taken from the same npm packages this plugin builds against. Grafana's AMD loader
 * hands a `__useDefault` module's default export to the plugin, as `resolveDependency` does here.
 * d3, slate, react-router and Grafana's `app/*` legacy paths are left out: a plugin importing
 * them fails to load in this host, and the externals test names the missing one.
 */
const grafanaUI: Record<string, unknown> = {
  ...grafanaUIraw,
  // Grafana 6.5 moved these to @grafana/data and still serves them on both paths.
  PanelPlugin: grafanaData.PanelPlugin,
  DataSourcePlugin: grafanaData.DataSourcePlugin,
  AppPlugin: grafanaData.AppPlugin,
  DataSourceApi: grafanaData.DataSourceApi,
};

export const grafanaExternals: Record<string, unknown> = {
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  '@grafana/data': grafanaData,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/ui': grafanaUI,
  emotion: emotionCss,
  i18next: i18next,
  jquery: { default: jquery, __useDefault: true },
  lodash: { ...lodash, __useDefault: true },
  moment: { ...moment, default: moment, __useDefault: true },
  prismjs: prismjs,
  react: react,
  'react/jsx-runtime': jsxRuntime,
  'react-dom': reactDom,
  'react-dom/client': reactDomClient,
  'react-redux': reactRedux,
  redux: redux,
  rxjs: rxjs,
  'rxjs/operators': rxjsOperators,
};

/** A module as an AMD factory receives it. */
export function resolveDependency(shared: unknown): unknown {
  if (shared && typeof shared === 'object' && (shared as { __useDefault?: boolean }).__useDefault) {
    return (shared as { default?: unknown }).default ?? shared;
  }
  return shared;
}
