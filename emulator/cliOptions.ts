import { EmulatorOptions } from './config';
import { FaultKind, FaultRule } from './faults';

export interface CliSettings {
  options: EmulatorOptions;
  json: boolean;
  help: boolean;
}

export const USAGE = `Microsoft Entra ID tenant emulator (token endpoints, Microsoft Graph directoryAudits, legacy activities/audit)

Usage: npm run emulator -- [options]

  --port N               HTTP port (0 = any free port)                   env EMULATOR_PORT        default 8080
  --https-port N|off     HTTPS port with a self-signed CA                env EMULATOR_HTTPS_PORT  default 8443 (0 with --port 0)
  --host ADDR            listen address                                  env EMULATOR_HOST        default 127.0.0.1
  --hostname NAME        extra certificate/audience host name (repeat)   env EMULATOR_HOSTNAMES (comma-separated)
  --seed N               tenant seed                                     env EMULATOR_SEED        default 42
  --events-per-day N     volume of the demo tenant                       env EMULATOR_EVENTS_PER_DAY default 5000
  --retention-days N     demo tenant retention (7 Free, 30 P1/P2)        env EMULATOR_RETENTION_DAYS default 30
  --time-scale N         emulated ms per real ms                         env EMULATOR_TIME_SCALE  default 1
  --now ISO              emulated start instant                          env EMULATOR_NOW         default real now
  --throttle R/S|off     report budget per app per tenant                env EMULATOR_THROTTLE    default 5/10
  --latency-ms N         emulated latency per report page                env EMULATOR_LATENCY_MS  default 250
  --ingestion-delay D    longest ingestion delay (e.g. 3m, 90s)          env EMULATOR_INGESTION_DELAY default 3m
  --live                 keep producing events as time passes            env EMULATOR_LIVE=1
  --inspection           serve /_emulator control and ground truth      env EMULATOR_INSPECTION=1
  --allow-or             accept 'or' in Graph $filter                    env EMULATOR_ALLOW_OR=1
  --normalize-paths      decode %2e %2f %5c and remove dot segments      env EMULATOR_NORMALIZE_PATHS=1
                         before routing, as a front door might
  --fault SPEC           kind[:value][+retryS][@nth][%every][xcount] (repeat)  env EMULATOR_FAULTS (comma-separated)
                         e.g. status:503+retry2@3, reset%5, slow:20000x2, truncatedJson@2
  --cert-dir DIR         where emulator-ca.pem is written                env EMULATOR_CERT_DIR
  --json                 print one JSON line with URLs and credentials instead of the banner
  --help                 this text`;

const FLAGS_WITH_VALUES = new Set([
  'port',
  'https-port',
  'host',
  'hostname',
  'seed',
  'events-per-day',
  'retention-days',
  'time-scale',
  'now',
  'throttle',
  'latency-ms',
  'ingestion-delay',
  'fault',
  'cert-dir',
]);
const BOOLEAN_FLAGS = new Set(['live', 'inspection', 'allow-or', 'normalize-paths', 'json', 'help']);

/** Flags win over environment variables; both fail loudly on values that make no sense. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliSettings {
  const { values, flags } = splitArguments(argv);
  const get = (name: string, envName: string) => values.get(name)?.at(-1) ?? env[envName];
  const flag = (name: string, envName: string) => flags.has(name) || /^(1|true|yes)$/i.test(env[envName] ?? '');
  const number = (name: string, envName: string, fallback: number) => {
    const text = get(name, envName);
    if (text === undefined) {
      return fallback;
    }
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) {
      throw new Error(`--${name} must be a non-negative number, got '${text}'.`);
    }
    return value;
  };
  const httpsText = get('https-port', 'EMULATOR_HTTPS_PORT');
  const port = number('port', 'EMULATOR_PORT', 8080);
  const hostnames = [...(values.get('hostname') ?? []), ...(env.EMULATOR_HOSTNAMES?.split(',').filter(Boolean) ?? [])];
  const options: EmulatorOptions = {
    port,
    // Any free HTTP port means any free HTTPS port too, so parallel test runs never collide on 8443.
    httpsPort: httpsText === 'off' ? false : number('https-port', 'EMULATOR_HTTPS_PORT', port === 0 ? 0 : 8443),
    host: get('host', 'EMULATOR_HOST'),
    hostnames,
    seed: number('seed', 'EMULATOR_SEED', 42),
    eventsPerDay: number('events-per-day', 'EMULATOR_EVENTS_PER_DAY', 5000),
    retentionDays: number('retention-days', 'EMULATOR_RETENTION_DAYS', 30),
    timeScale: number('time-scale', 'EMULATOR_TIME_SCALE', 1),
    now: get('now', 'EMULATOR_NOW'),
    throttle: parseThrottle(get('throttle', 'EMULATOR_THROTTLE') ?? '5/10'),
    latencyMs: number('latency-ms', 'EMULATOR_LATENCY_MS', 250),
    ingestionDelayMs: parseDuration(get('ingestion-delay', 'EMULATOR_INGESTION_DELAY') ?? '3m'),
    live: flag('live', 'EMULATOR_LIVE'),
    inspection: flag('inspection', 'EMULATOR_INSPECTION'),
    allowOr: flag('allow-or', 'EMULATOR_ALLOW_OR'),
    normalizePaths: flag('normalize-paths', 'EMULATOR_NORMALIZE_PATHS'),
    faults: (values.get('fault') ?? env.EMULATOR_FAULTS?.split(',').filter(Boolean) ?? []).map(parseFaultSpec),
    certDir: get('cert-dir', 'EMULATOR_CERT_DIR'),
  };
  if (options.timeScale === 0) {
    throw new Error('--time-scale must be greater than 0.');
  }
  return { options, json: flags.has('json'), help: flags.has('help') };
}

/** Boolean flags, and every value given for each option (the last one wins, `--hostname` keeps all). */
function splitArguments(argv: string[]): { values: Map<string, string[]>; flags: Set<string> } {
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) {
      throw new Error(`Unexpected argument '${arg}'. Run with --help for the options.`);
    }
    const [, name, inline] = match;
    if (BOOLEAN_FLAGS.has(name)) {
      flags.add(name);
    } else if (FLAGS_WITH_VALUES.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) {
        throw new Error(`--${name} needs a value.`);
      }
      values.set(name, [...(values.get(name) ?? []), value]);
    } else {
      throw new Error(`Unknown option --${name}. Run with --help for the options.`);
    }
  }
  return { values, flags };
}

export function parseThrottle(text: string): { requests: number; perSeconds: number } | false {
  if (text === 'off') {
    return false;
  }
  const match = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(text);
  if (!match || Number(match[1]) < 1 || Number(match[2]) <= 0) {
    throw new Error(`--throttle must look like 5/10 (requests per seconds) or off, got '${text}'.`);
  }
  return { requests: Number(match[1]), perSeconds: Number(match[2]) };
}

export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) {
    throw new Error(`Durations look like 250ms, 90s, 3m or 1h; got '${text}'.`);
  }
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 'ms']!;
  return Number(match[1]) * unit;
}

/** `status:503@3` (3rd request), `reset%5` (every 5th), `slow:20000x2` (next two, 20 s each), `truncatedJson`. */
export function parseFaultSpec(text: string): FaultRule {
  const match = /^([a-zA-Z]+)(?::(\d+))?(?:\+retry(\d+(?:\.\d+)?))?(?:@(\d+))?(?:%(\d+))?(?:x(\d+))?$/.exec(text);
  if (!match) {
    throw new Error(
      `--fault must look like kind[:value][+retrySECONDS][@nth][%every][xcount], e.g. status:503+retry2@3; got '${text}'.`
    );
  }
  const [, kind, value, retry, nth, every, count] = match;
  const rule: FaultRule = { kind: kind as FaultKind };
  if (kind === 'status') {
    rule.status = Number(value);
  } else if (kind === 'slow' && value) {
    rule.delayMs = Number(value);
  }
  if (retry) {
    rule.retryAfterSeconds = Number(retry);
  }
  if (nth) {
    rule.nth = Number(nth);
  }
  if (every) {
    rule.every = Number(every);
  }
  if (count) {
    rule.count = Number(count);
  }
  return rule;
}
