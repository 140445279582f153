import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

import { AuditJsonData } from '../../src/datasource/DataSource';
import { RunnerArgs, UsageError } from './args';

export interface RunnerSettings {
  jsonData: AuditJsonData;
  secureJsonData: { clientSecret?: string };
}

interface ProvisionedDataSource {
  type?: string;
  name?: string;
  jsonData?: Record<string, unknown>;
  secureJsonData?: Record<string, unknown>;
}

/**
 * Reads `{jsonData, secureJsonData}` or a Grafana provisioning file (the first data source of this
 * plugin's type, with `$VAR` / `${VAR}` expanded from the environment as Grafana does), applies the
 * command-line overrides and takes the secret from ENTRA_CLIENT_SECRET when that is set.
 */
export function loadSettings(args: RunnerArgs, pluginId: string, env: NodeJS.ProcessEnv): RunnerSettings {
  let jsonData: Record<string, unknown> = {};
  let secureJsonData: Record<string, unknown> = {};
  if (args.settings) {
    const source = readSource(args.settings);
    const chosen = chooseDataSource(source, pluginId, args.settings);
    jsonData = { ...(chosen.jsonData ?? {}) };
    secureJsonData = { ...(chosen.secureJsonData ?? {}) };
    if (isProvisioning(source)) {
      jsonData = expandEnv(jsonData, env) as Record<string, unknown>;
      secureJsonData = expandEnv(secureJsonData, env) as Record<string, unknown>;
    }
  }
  const overrides: Record<string, string | undefined> = {
    api: args.api,
    cloud: args.cloud ?? (args.graphUrl || args.loginUrl || args.legacyGraphUrl ? 'custom' : undefined),
    loginUrl: args.loginUrl,
    graphUrl: args.graphUrl,
    legacyGraphUrl: args.legacyGraphUrl,
    tenantId: args.tenant,
    clientId: args.clientId,
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) {
      jsonData[key] = value;
    }
  }
  const fromEnv = env.ENTRA_CLIENT_SECRET;
  const fromFile = typeof secureJsonData.clientSecret === 'string' ? secureJsonData.clientSecret : undefined;
  return { jsonData: jsonData as AuditJsonData, secureJsonData: { clientSecret: fromEnv || fromFile || undefined } };
}

function readSource(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `Cannot read the settings file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}.`
    );
  }
  try {
    return /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    // The parser's message can quote the offending line, which may be the secret's line.
    throw new UsageError(
      `The settings file ${file} is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}; fix its syntax.`
    );
  }
}

function isProvisioning(source: unknown): source is { datasources: ProvisionedDataSource[] } {
  return !!source && typeof source === 'object' && Array.isArray((source as { datasources?: unknown }).datasources);
}

function chooseDataSource(source: unknown, pluginId: string, file: string): ProvisionedDataSource {
  if (isProvisioning(source)) {
    const chosen = source.datasources.find((ds) => ds.type === pluginId) ?? source.datasources[0];
    if (!chosen) {
      throw new UsageError(`The provisioning file ${file} lists no data source.`);
    }
    return chosen;
  }
  if (source && typeof source === 'object' && ('jsonData' in source || 'secureJsonData' in source)) {
    return source as ProvisionedDataSource;
  }
  throw new UsageError(
    `The settings file ${file} has neither jsonData/secureJsonData nor a provisioning "datasources" list.`
  );
}

function expandEnv(value: unknown, env: NodeJS.ProcessEnv): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{(\w+)\}|\$(\w+)/g, (_match, braced, bare) => env[braced ?? bare] ?? '');
  }
  if (Array.isArray(value)) {
    return value.map((item) => expandEnv(item, env));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandEnv(v, env)]));
  }
  return value;
}
