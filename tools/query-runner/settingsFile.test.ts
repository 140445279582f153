import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { parseArgs } from './args';
import { loadSettings } from './settingsFile';

const PLUGIN_ID = 'auditlens-entraid-datasource';
const dir = mkdtempSync(path.join(tmpdir(), 'runner-settings-'));

function file(name: string, text: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
}

describe('runner settings', () => {
  it('reads {jsonData, secureJsonData} as JSON and applies the overrides; custom endpoints imply the custom cloud', () => {
    const settings = file(
      'plain.json',
      JSON.stringify({
        jsonData: { cloud: 'azure', tenantId: 'a', clientId: 'b' },
        secureJsonData: { clientSecret: 'from-file' },
      })
    );
    const loaded = loadSettings(
      parseArgs([
        '--settings',
        settings,
        '--graph-url',
        'http://localhost:9',
        '--tenant',
        'z',
        '--api',
        'msgraph-beta',
      ]),
      PLUGIN_ID,
      {}
    );
    expect(loaded).toEqual({
      jsonData: { cloud: 'custom', tenantId: 'z', clientId: 'b', graphUrl: 'http://localhost:9', api: 'msgraph-beta' },
      secureJsonData: { clientSecret: 'from-file' },
    });
  });

  it('takes a legacy Azure AD Graph URL, which implies the custom cloud too', () => {
    const loaded = loadSettings(
      parseArgs(['--api', 'legacy', '--legacy-graph-url', 'http://localhost:9', '--login-url', 'http://localhost:9']),
      PLUGIN_ID,
      {}
    );
    expect(loaded.jsonData).toEqual({
      api: 'legacy',
      cloud: 'custom',
      loginUrl: 'http://localhost:9',
      legacyGraphUrl: 'http://localhost:9',
    });
  });

  it("picks this plugin's data source from a provisioning file and expands $VAR from the environment", () => {
    const settings = file(
      'provisioning.yaml',
      [
        'apiVersion: 1',
        'datasources:',
        '  - name: other',
        '    type: prometheus',
        '  - name: entra',
        `    type: ${PLUGIN_ID}`,
        '    jsonData:',
        '      tenantId: ${TENANT}',
        '    secureJsonData:',
        '      clientSecret: $SECRET_VAR',
        '',
      ].join('\n')
    );
    const loaded = loadSettings(parseArgs(['--settings', settings]), PLUGIN_ID, {
      TENANT: 'contoso',
      SECRET_VAR: 'env-secret',
    });
    expect(loaded).toEqual({ jsonData: { tenantId: 'contoso' }, secureJsonData: { clientSecret: 'env-secret' } });
  });

  it('takes ENTRA_CLIENT_SECRET over the file, and works with no file at all', () => {
    const settings = file('with-secret.yaml', 'jsonData: {}\nsecureJsonData:\n  clientSecret: from-file\n');
    expect(
      loadSettings(parseArgs(['--settings', settings]), PLUGIN_ID, { ENTRA_CLIENT_SECRET: 'from-env' }).secureJsonData
    ).toEqual({ clientSecret: 'from-env' });
    expect(loadSettings(parseArgs(['--tenant', 't']), PLUGIN_ID, {})).toEqual({
      jsonData: { tenantId: 't' },
      secureJsonData: { clientSecret: undefined },
    });
  });

  it('names the file and the problem without quoting its content', () => {
    const broken = file(
      'broken.yaml',
      'jsonData:\n  tenantId: [unclosed\nsecureJsonData:\n  clientSecret: leaked-if-quoted\n'
    );
    let message = '';
    try {
      loadSettings(parseArgs(['--settings', broken]), PLUGIN_ID, {});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(`The settings file ${broken} is not valid YAML; fix its syntax.`);
    expect(() => loadSettings(parseArgs(['--settings', path.join(dir, 'missing.yaml')]), PLUGIN_ID, {})).toThrow(
      /Cannot read the settings file .*ENOENT/
    );
    expect(() => loadSettings(parseArgs(['--settings', file('empty.json', '{"other": 1}')]), PLUGIN_ID, {})).toThrow(
      /neither jsonData/
    );
  });
});
