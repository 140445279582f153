import './stdoutGuard';

import { readFileSync } from 'node:fs';
import path from 'node:path';

import { redactSecrets } from '../../src/core/errors/redact';
import type { AuditQuery } from '../../src/core/model/query';
import { parseArgs, RunnerArgs, USAGE, UsageError } from './args';
import { loadSettings } from './settingsFile';

const PLUGIN_JSON = path.resolve(__dirname, '../../src/plugin.json');

/** The secret the settings file or ENTRA_CLIENT_SECRET supplied, once known; masked in everything printed. */
let loadedSecret: string | undefined;

function withoutSecret(text: string): string {
  const secrets = [loadedSecret, process.env.ENTRA_CLIENT_SECRET].filter((s): s is string => !!s);
  return secrets.reduce((masked, secret) => masked.split(secret).join('[redacted]'), text);
}

/** Log and error lines may also carry a bearer token or a form-encoded secret from a proxy log. */
function redactForLog(text: string): string {
  return redactSecrets(withoutSecret(text));
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const pluginId = (JSON.parse(readFileSync(PLUGIN_JSON, 'utf8')) as { id: string }).id;
  const settings = loadSettings(args, pluginId, process.env);
  // Grafana's packages need a DOM; load them only once the flags and the settings are known good.
  // require, not import(): a dynamic import would pick @grafana/data's ESM build, which Node cannot load here.
  require('./browserEnvironment');
  const { dateMath, rangeUtil }: GrafanaData = require('@grafana/data');
  const { runHeadless }: typeof import('./runHeadless') = require('./runHeadless');
  const parseTime = timeParser(dateMath);
  const parseInterval = intervalParser(rangeUtil);
  loadedSecret = settings.secureJsonData.clientSecret;
  const now = Date.now();
  const result = await runHeadless({
    jsonData: settings.jsonData,
    secureJsonData: settings.secureJsonData,
    queries: parseQueries(args.query),
    range: {
      from: parseTime(args.from, false, now, '--from'),
      to: parseTime(args.to, true, now, '--to'),
      raw: { from: args.from, to: args.to },
    },
    intervalMs: args.interval ? parseInterval(args.interval) : undefined,
    maxDataPoints: args.maxDataPoints,
    variables: args.variables,
    tls: args.caFile ? { ca: readFileSync(args.caFile) } : undefined,
    onLog: args.verbose ? (line) => process.stderr.write(`${redactForLog(line)}\n`) : undefined,
  });
  process.stdout.write(`${withoutSecret(JSON.stringify(result.response, null, 2))}\n`);
  if (result.response.errors?.length) {
    for (const error of result.response.errors) {
      process.stderr.write(
        `Error${error.refId ? ` (${error.refId})` : ''}: ${redactForLog(error.message ?? 'query failed')}\n`
      );
    }
    return 1;
  }
  return 0;
}

function parseQueries(text: string | undefined): Array<Partial<AuditQuery> & { refId: string }> {
  if (!text) {
    return [{ refId: 'A' }];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`--query is not valid JSON: ${text}`);
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  if (list.length === 0 || list.some((q) => !q || typeof q !== 'object' || Array.isArray(q))) {
    throw new UsageError('--query must be a JSON object (a stored query) or an array of them.');
  }
  return list.map((query, index) => ({
    ...(query as Partial<AuditQuery>),
    refId: (query as { refId?: string }).refId ?? String.fromCharCode(65 + index),
  }));
}

type GrafanaData = typeof import('@grafana/data');

const timeParser =
  (dateMath: GrafanaData['dateMath']) =>
  (text: string, roundUp: boolean, now: number, flag: string): number => {
    if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
      const ms = Date.parse(text);
      if (Number.isNaN(ms)) {
        throw new UsageError(`${flag} "${text}" is not a valid ISO 8601 time, e.g. 2026-11-20T10:00:00Z.`);
      }
      return ms;
    }
    const parsed = dateMath.parse(text, roundUp, undefined, undefined);
    if (!parsed || !parsed.isValid() || !text.startsWith('now')) {
      throw new UsageError(`${flag} "${text}" is neither ISO 8601 nor a Grafana time like now-7d or now/d.`);
    }
    // dateMath reads the real clock; re-base so --from and --to share one "now".
    return parsed.valueOf() - (Date.now() - now);
  };

const intervalParser =
  (rangeUtil: GrafanaData['rangeUtil']) =>
  (text: string): number => {
    try {
      const ms = rangeUtil.intervalToMs(text);
      if (ms > 0) {
        return ms;
      }
    } catch {
      // Reported below with the fix.
    }
    throw new UsageError(`--interval "${text}" is not a duration like 30s, 5m or 1h.`);
  };

// stdout to a pipe is asynchronous: exiting before it drains cuts a large response short.
const exitAfterFlush = (code: number) => {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
};

main(process.argv.slice(2)).then(
  (code) => exitAfterFlush(code),
  (error: unknown) => {
    const message = redactForLog(error instanceof Error ? error.message : String(error));
    process.stderr.write(`${error instanceof UsageError ? '' : 'Error: '}${message}\n`);
    exitAfterFlush(error instanceof UsageError ? 2 : 1);
  }
);

export type { RunnerArgs };
