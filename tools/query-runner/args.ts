import { ApiFlavour } from '../../src/core/model/settings';

/** The runner's flags (`npm run query -- --help`). */
export interface RunnerArgs {
  settings?: string;
  api?: string;
  cloud?: string;
  loginUrl?: string;
  graphUrl?: string;
  legacyGraphUrl?: string;
  tenant?: string;
  clientId?: string;
  query?: string;
  from: string;
  to: string;
  interval?: string;
  maxDataPoints?: number;
  variables: Record<string, string | string[]>;
  caFile?: string;
  verbose: boolean;
  help: boolean;
}

export class UsageError extends Error {}

export const USAGE = `Usage: npm run query -- [flags]

Runs the data source's query through a stand-in for Grafana's data-source proxy and prints the
DataQueryResponse as JSON (each frame as toDataFrameDTO gives it).

  --settings <file>        YAML or JSON: {jsonData, secureJsonData}, or a Grafana provisioning file
  --api <flavour>          msgraph-v1 | msgraph-beta | legacy (the Azure AD Graph reporting API
                           activities/audit, retired by Microsoft in 2025: live tenants answer 403;
                           for the tenant emulator and archived responses)
  --cloud <name>           azure | usgov | usgovdod | china | custom
  --login-url <url>        custom login endpoint (implies --cloud custom)
  --graph-url <url>        custom Graph endpoint (implies --cloud custom)
  --legacy-graph-url <url> custom Azure AD Graph endpoint for --api legacy (implies --cloud custom)
  --tenant <id>            tenant id or domain
  --client-id <id>         application (client) id
  --query <json>           the stored query, e.g. '{"format":"summary","groupBy":"activity"}'; an array runs several
  --from <time>            ISO 8601 or Grafana time (now-7d, now/d); default now-24h
  --to <time>              ISO 8601 or Grafana time; default now
  --interval <duration>    the panel interval, e.g. 5m; default from the range and max data points
  --max-data-points <n>    default 1000
  --var <name>=<value>     a dashboard variable; repeat a name for a multi-value variable, $__all for All
  --ca-file <pem>          trust this CA for https endpoints (the emulator's self-signed CA)
  --verbose                print the data-proxy log to stderr

The client secret comes from the settings file (secureJsonData.clientSecret) or the
ENTRA_CLIENT_SECRET environment variable, never from the command line.`;

const API_FLAVOURS: string[] = ['msgraph-v1', 'msgraph-beta', 'legacy'] satisfies ApiFlavour[];

const VALUE_FLAGS: Record<string, keyof RunnerArgs> = {
  '--settings': 'settings',
  '--api': 'api',
  '--cloud': 'cloud',
  '--login-url': 'loginUrl',
  '--graph-url': 'graphUrl',
  '--legacy-graph-url': 'legacyGraphUrl',
  '--tenant': 'tenant',
  '--client-id': 'clientId',
  '--query': 'query',
  '--from': 'from',
  '--to': 'to',
  '--interval': 'interval',
  '--ca-file': 'caFile',
};

export function parseArgs(argv: string[]): RunnerArgs {
  const args: RunnerArgs = { from: 'now-24h', to: 'now', variables: {}, verbose: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitInline(argv[i]);
    if (/secret/i.test(flag)) {
      throw new UsageError(
        `${flag} is not accepted: a secret on the command line ends up in shell history and the process list. ` +
          'Put it in the settings file (secureJsonData.clientSecret) or in the ENTRA_CLIENT_SECRET environment variable.'
      );
    }
    if (flag === '--help' || flag === '-h') {
      args.help = true;
      continue;
    }
    if (flag === '--verbose') {
      args.verbose = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) {
      throw new UsageError(`${flag} needs a value. See --help.`);
    }
    if (flag === '--max-data-points') {
      const n = Number(value);
      if (!Number.isInteger(n) || n <= 0) {
        throw new UsageError(`--max-data-points must be a positive whole number, got "${value}".`);
      }
      args.maxDataPoints = n;
    } else if (flag === '--var') {
      const eq = value.indexOf('=');
      if (eq <= 0) {
        throw new UsageError(`--var takes name=value, got "${value}".`);
      }
      const name = value.slice(0, eq);
      const previous = args.variables[name];
      const next = value.slice(eq + 1);
      args.variables[name] =
        previous === undefined ? next : [...(Array.isArray(previous) ? previous : [previous]), next];
    } else if (flag === '--api' && !API_FLAVOURS.includes(value)) {
      throw new UsageError(`--api must be one of ${API_FLAVOURS.join(', ')}, got "${value}".`);
    } else if (flag in VALUE_FLAGS) {
      (args as unknown as Record<string, string>)[VALUE_FLAGS[flag]] = value;
    } else {
      throw new UsageError(`Unknown flag ${flag}. See --help.`);
    }
  }
  return args;
}

function splitInline(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}
