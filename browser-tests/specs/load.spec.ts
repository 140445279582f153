import { readFileSync } from 'node:fs';
import path from 'node:path';

import { check, expectLoaded, expectText, expectVisible } from '../runner/expect';
import type { BrowserTest } from '../runner/browserTest';

/** The modules Grafana 12 shares with plugins (sharedDependencies.ts); the host offers these. */
const GRAFANA_SHARED = new Set([
  '@emotion/css',
  '@emotion/react',
  '@grafana/data',
  '@grafana/runtime',
  '@grafana/slate-react',
  '@grafana/ui',
  'd3',
  'emotion',
  'i18next',
  'jquery',
  'lodash',
  'moment',
  'prismjs',
  'react',
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  'react-dom',
  'react-dom/client',
  'react-inlinesvg',
  'react-redux',
  'react-router',
  'react-router-dom',
  'redux',
  'rxjs',
  'rxjs/operators',
  'slate',
  'slate-plain-serializer',
  'slate-react',
]);

export const loadSpecs: BrowserTest[] = [
  {
    name: 'module.js asks only for modules Grafana shares, and the AMD module itself',
    async run({ pluginDir }) {
      const moduleJs = readFileSync(path.join(pluginDir, 'module.js'), 'utf8');
      const match = /define\((\[[^\]]*\])/.exec(moduleJs);
      check(match, 'module.js has no AMD define([...]) call: Grafana cannot load it');
      const deps = JSON.parse(match[1]) as string[];
      const unknown = deps.filter((dep) => dep !== 'module' && !GRAFANA_SHARED.has(dep));
      check(unknown.length === 0, `module.js imports ${unknown.join(', ')}, which Grafana does not share`);
      check(deps.includes('@grafana/data'), `module.js does not import @grafana/data: ${deps.join(', ')}`);
    },
  },
  {
    name: 'module.js loads in Chromium with no errors and exports a DataSourcePlugin with both editors',
    async run({ open, pageErrors }) {
      const page = await open('config');
      await expectLoaded(page);
      const exported = await page.evaluate(`window.__host.ready`);
      check(exported === true, 'the host never became ready');
      await expectVisible(page.getByLabel('Directory (tenant) ID'), 'the ConfigEditor tenant field');
      check(pageErrors().length === 0, `errors in the page:\n${pageErrors().join('\n')}`);
    },
  },
  {
    name: 'a host without an external the plugin needs fails the load and names the module',
    async run({ open }) {
      const page = await open('config', 'dark', '&omitExternal=@grafana/ui');
      const shown = await expectText(page.getByTestId('host-load-error'), /'@grafana\/ui'/);
      check(
        /does not provide among Grafana's shared modules/.test(shown),
        `the load error does not explain the cause: ${shown}`
      );
    },
  },
];
