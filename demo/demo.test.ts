/**
 * Checks of the docker compose demo that run without a Docker engine: the compose file parses,
 * the provisioning files are what Grafana and the plugin expect, and every dashboard query returns
 * data through the headless runner against the tenant emulator.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';

import { RunningEmulator, startEmulator } from '../emulator';
import { AuditQuery } from '../src/core/model/query';
import { resolveSettings } from '../src/core/model/settings';
import { validateSettings } from '../src/core/model/validateSettings';
import { parseComposeFile, ROOT } from './composeFile';
import { dashboardQueries, DashboardJson } from './dashboardQueries';
import { expectValidQuery } from './queryShape';

const PLUGIN_ID = JSON.parse(readFileSync(path.join(ROOT, 'src/plugin.json'), 'utf8')).id as string;
const readYaml = (file: string) => parseYaml(readFileSync(path.join(ROOT, file), 'utf8'));
const provisionedDataSource = readYaml('provisioning/datasources/entra-audit.yaml').datasources[0];
const dashboard: DashboardJson = JSON.parse(
  readFileSync(path.join(ROOT, 'provisioning/dashboards/json/entra-audit-overview.json'), 'utf8')
);

describe('docker-compose.yml', () => {
  const compose = parseComposeFile();

  it("parses with docker-compose (the test command installs Debian's) or the docker compose plugin", () => {
    expect(compose.error).toBeUndefined();
    expect(compose.stderr).not.toMatch(/invalid|error/i);
    expect(compose.status).toBe(0);
  });

  it('runs Grafana with the plugin allowed unsigned, at the version the plugin builds against, and the emulator beside it', () => {
    const config = parseYaml(compose.stdout);
    const grafana = config.services.grafana;
    const dataVersion = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).dependencies['@grafana/data'];
    expect(grafana.build.target).toBe('grafana');
    expect(grafana.build.args.GRAFANA_VERSION).toBe(dataVersion);
    expect(grafana.environment.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).toBe(PLUGIN_ID);
    expect(grafana.volumes.some((v: string) => v.endsWith(':/etc/grafana/provisioning:ro'))).toBe(true);
    const emulator = config.services.emulator;
    expect(emulator.network_mode).toBe('service:grafana');
    expect(emulator.command).toEqual(expect.arrayContaining(['--live', '--port=8080']));
  });
});

describe('provisioned data source', () => {
  it('is this plugin, with the secret only in secureJsonData and settings the plugin accepts', () => {
    expect(provisionedDataSource.type).toBe(PLUGIN_ID);
    expect(provisionedDataSource.jsonData).not.toHaveProperty('authenticationType');
    expect(JSON.stringify(provisionedDataSource.jsonData)).not.toContain(
      provisionedDataSource.secureJsonData.clientSecret
    );
    expect(validateSettings(resolveSettings(provisionedDataSource.jsonData))).toBeUndefined();
  });

  it('points at the emulator ports compose starts: the login on HTTPS, trusting the CA compose makes first', () => {
    expect(provisionedDataSource.jsonData.graphUrl).toBe('http://localhost:8080');
    expect(provisionedDataSource.jsonData.loginUrl).toBe('https://localhost:8443');
    expect(provisionedDataSource.jsonData.tlsAuthWithCACert).toBe(true);
    const config = readYaml('docker-compose.yml');
    const certDir = config.services.emulator.volumes.find((v: string) => v.startsWith('emulator-certs:')).split(':')[1];
    expect(config.services.emulator.command).toEqual(
      expect.arrayContaining(['--https-port=8443', `--cert-dir=${certDir}`])
    );
    expect(config.services['emulator-ca'].entrypoint).toEqual(['npx', 'tsx', 'emulator/makeCa.ts', certDir]);
    expect(config.services.grafana.depends_on['emulator-ca'].condition).toBe('service_completed_successfully');
    const mounted = config.services.grafana.volumes.find((v: string) => v.startsWith('emulator-certs:')).split(':')[1];
    expect(provisionedDataSource.secureJsonData.tlsCACert).toBe(`$__file{${mounted}/emulator-ca.pem}`);
    expect(config.services.grafana.environment.SSL_CERT_FILE).toBe(`${mounted}/emulator-ca.pem`);
    expect(provisionedDataSource.secureJsonData.clientSecretBinding).toBe(
      `custom|localhost:8443|${provisionedDataSource.jsonData.tenantId}`
    );
  });

  it('the real-tenant example takes every credential from the environment', () => {
    const example = readYaml('docs/provisioning/real-tenant.yaml').datasources[0];
    expect(example.type).toBe(PLUGIN_ID);
    expect(example.jsonData.tenantId).toBe('$ENTRA_TENANT_ID');
    expect(example.jsonData.clientId).toBe('$ENTRA_CLIENT_ID');
    // Server mode, as the README recommends for production: the secret under the key no route reads.
    expect(example.jsonData.queryMode).toBe('server');
    expect(example.secureJsonData.backendClientSecret).toBe('$ENTRA_CLIENT_SECRET');
    expect(example.secureJsonData.clientSecret).toBeUndefined();
  });
});

describe('provisioned data source in Server with store mode', () => {
  const storeDataSource = readYaml('provisioning/datasources/entra-audit-store.yaml').datasources[0];
  const grafana = parseYaml(parseComposeFile().stdout).services.grafana;

  it('is this plugin on the same emulator tenant, answered from the store, its secret where no route reads it', () => {
    expect(storeDataSource.type).toBe(PLUGIN_ID);
    expect(storeDataSource.uid).not.toBe(provisionedDataSource.uid);
    expect(storeDataSource.jsonData.queryMode).toBe('serverStore');
    expect(storeDataSource.jsonData.tenantId).toBe(provisionedDataSource.jsonData.tenantId);
    expect(validateSettings(resolveSettings(storeDataSource.jsonData))).toBeUndefined();
    expect(storeDataSource.secureJsonData.clientSecret).toBeUndefined();
    expect(storeDataSource.secureJsonData.backendClientSecret).toBe(provisionedDataSource.secureJsonData.clientSecret);
    expect(storeDataSource.secureJsonData.backendClientSecretBinding).toBe(
      provisionedDataSource.secureJsonData.clientSecretBinding
    );
  });

  it("gives Grafana's plugin a store directory on a named volume, outside the plugin's directory", () => {
    const dir = grafana.environment.GF_PLUGIN_STORE_DIR;
    expect(dir).toMatch(/^\/var\/lib\/[^/]/);
    expect(dir.startsWith('/var/lib/grafana/plugins')).toBe(false);
    // Compose's short syntax, `source:target[:mode]`: the source is a volume name, not a host path.
    const mount = (grafana.volumes as string[]).map((v) => v.split(':')).find(([, target]) => target === dir);
    expect(mount).toBeDefined();
    expect(mount![0]).toMatch(/^[a-z][a-z0-9_-]*$/);
  });
});

interface ProvisionedRule {
  uid: string;
  title: string;
  condition: string;
  noDataState: string;
  data: Array<{
    refId: string;
    datasourceUid: string;
    relativeTimeRange?: { from: number; to: number };
    model: AuditQuery & { expression?: string };
  }>;
}

describe('provisioned alert rules', () => {
  const groups: Array<{ rules: ProvisionedRule[] }> = readYaml('provisioning/alerting/entra-audit-rules.yaml').groups;
  const rules = groups.flatMap((group) => group.rules);
  // Rules read the audit store, so they cost no request of the app's budget (issue 15).
  const storeDataSource = readYaml('provisioning/datasources/entra-audit-store.yaml').datasources[0];

  it.each(rules.map((rule) => [rule.title, rule] as const))(
    '%s queries alert numbers over an offset range of the store',
    (_title, rule) => {
      const query = rule.data.find((d) => d.datasourceUid === storeDataSource.uid);
      expect(query).toBeDefined();
      expect(query!.model.format).toBe('alertNumbers');
      expectValidQuery(query!.model);
      // The newest minutes are incomplete (ingestion delay): the range must end at least 5 minutes ago.
      expect(query!.relativeTimeRange!.to).toBeGreaterThanOrEqual(300);
      expect(query!.relativeTimeRange!.from).toBeGreaterThan(query!.relativeTimeRange!.to);
      const condition = rule.data.find((d) => d.refId === rule.condition);
      expect(condition?.datasourceUid).toBe('__expr__');
      expect(condition?.model.expression).toBe(query!.refId);
      expect(rule.noDataState).toBe('OK');
      expect(rule.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    }
  );
});

describe('the overview dashboard', () => {
  const queries = dashboardQueries(dashboard);

  it('has every panel the issue asks for, each on the data source variable', () => {
    const titles = dashboard.panels.map((p) => p.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Audit activity by type',
        'Failures over time by activity',
        'Top activities',
        'Top initiators',
        'Audit events',
        'Audit log stream',
      ])
    );
    for (const panel of dashboard.panels) {
      expect(panel.datasource).toEqual({ type: PLUGIN_ID, uid: '${datasource}' });
    }
    const variables = dashboard.templating.list.map((v) => v.name);
    expect(variables).toEqual(['datasource', 'service', 'category', 'activity', 'initiator']);
  });

  it('stores only queries the plugin accepts', () => {
    expect(queries.length).toBeGreaterThanOrEqual(9);
    for (const { query } of queries) {
      expectValidQuery(query);
    }
  });

  describe('against the tenant emulator, through the headless runner', () => {
    let emulator: RunningEmulator;
    let settingsFile: string;

    beforeAll(async () => {
      emulator = await startEmulator({ port: 0, httpsPort: false, throttle: false, latencyMs: 0, eventsPerDay: 5000 });
      const dir = mkdtempSync(path.join(tmpdir(), 'entra-demo-'));
      settingsFile = path.join(dir, 'datasource.yaml');
      // The emulator runs unthrottled here, so the plugin need not pace itself to Microsoft's budget.
      const jsonData = {
        ...provisionedDataSource.jsonData,
        loginUrl: emulator.httpUrl,
        graphUrl: emulator.httpUrl,
        requestBudget: { requests: 1000, perSeconds: 1 },
      };
      writeFileSync(
        settingsFile,
        JSON.stringify({ apiVersion: 1, datasources: [{ ...provisionedDataSource, jsonData }] })
      );
    });

    afterAll(() => emulator?.close());

    it('every panel, annotation and variable query returns data for the last 24 hours', async () => {
      const stored = queries.map(({ query }, i) => ({ ...query, refId: `Q${i}` }));
      const variables = ['service', 'category', 'activity', 'initiator'].flatMap((name) => ['--var', `${name}=$__all`]);
      const { stdout } = await promisify(execFile)(
        'npx',
        [
          'tsx',
          'tools/query-runner/cli.ts',
          '--settings',
          settingsFile,
          '--query',
          JSON.stringify(stored),
          '--from',
          'now-24h',
          '--to',
          'now',
          ...variables,
        ],
        { cwd: ROOT, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ENTRA_CLIENT_SECRET: '' } }
      );
      const response = JSON.parse(stdout) as { data: Array<{ refId: string; fields: Array<{ values: unknown[] }> }> };
      for (const [i, { where }] of queries.entries()) {
        const frames = response.data.filter((frame) => frame.refId === `Q${i}`);
        const rows = frames.reduce((sum, frame) => sum + (frame.fields[0]?.values.length ?? 0), 0);
        expect({ where, rows: rows > 0 }).toEqual({ where, rows: true });
      }
    }, 120_000);
  });
});
