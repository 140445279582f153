import { QueryError } from '../errors/queryError';
import { CloudName, CLOUDS } from './clouds';
import { checkStoredSettings, DEFAULT_THROTTLE_GIVE_UP_MINUTES, MAX_THROTTLE_GIVE_UP_MINUTES } from './storedSettings';
import { resolveStoreSettings } from './storeSettings';

/**
 * Data source settings as stored by Grafana. jsonData is readable by every Viewer's browser;
 * the client secret lives only in secureJsonData and reaches Microsoft through Grafana.
 * Never add a jsonData key named `authenticationType`: Grafana's data proxy reserves it.
 */
export type ApiFlavour = 'msgraph-v1' | 'msgraph-beta' | 'legacy';

/**
 * Where dashboards, Explore, variables and annotations run (QueryMode in pkg/models/querymode.go):
 * `browser` walks Graph from each browser through the proxy routes; `server` sends every query to
 * the backend, which walks once per tenant for everyone; `serverStore` is `server` answered from
 * the audit store the backend keeps on disk. Stored settings without the key are `browser`; the
 * config editor starts a new data source in `server`.
 */
export type QueryMode = 'browser' | 'server' | 'serverStore';
export const QUERY_MODES: readonly QueryMode[] = ['browser', 'server', 'serverStore'];

/** The backend answers the mode's queries, and its secret is kept where no route templates it. */
export function runsOnServer(mode: QueryMode | undefined): boolean {
  return mode === 'server' || mode === 'serverStore';
}

/**
 * How the backend signs the app in (AuthMethod in pkg/models/authmethod.go): `clientSecret` in
 * every mode, `clientCertificate` (a PEM certificate with its private key) in the server modes
 * only, as Grafana's proxy routes cannot sign a client assertion. Absent is `clientSecret`.
 */
export type AuthMethod = 'clientSecret' | 'clientCertificate';
export const AUTH_METHODS: readonly AuthMethod[] = ['clientSecret', 'clientCertificate'];

export interface AuditSettings {
  cloud?: CloudName;
  api?: ApiFlavour;
  tenantId?: string;
  clientId?: string;
  /** Custom cloud only. */
  loginUrl?: string;
  graphUrl?: string;
  legacyGraphUrl?: string;
  /** The most events one query may fetch; a walk stopped by it says so on its frames. */
  maxEvents?: number;
  /** The tenant's audit retention: 7 days on Entra ID Free, 30 on P1/P2. */
  retentionDays?: number;
  /** Minutes before Microsoft's newest events are complete; alert ranges and the cache respect it. */
  ingestionDelayMinutes?: number;
  /** The report API's per-app, per-tenant budget: `requests` per `perSeconds` (Microsoft: 5 per 10 s). */
  requestBudget?: { requests: number; perSeconds: number };
  /** Minutes a page may stay throttled (HTTP 429 after 429) before its query fails; at most MAX_THROTTLE_GIVE_UP_MINUTES. */
  throttleGiveUpMinutes?: number;
  /** Server with store mode: days of history the store keeps (storeSettings.ts). */
  storeRetentionDays?: number;
  /** Server with store mode: seconds between syncs of the store. */
  storeSyncSeconds?: number;
  /** Server with store mode: share of requestBudget the store's backfill and sync may spend. */
  storeBudgetShare?: number;
  /** Where queries run; absent is `browser`. */
  queryMode?: QueryMode;
  /** How the backend signs in; absent is `clientSecret`. */
  authMethod?: AuthMethod;
  /**
   * Grafana's own TLS setting, read by the backend's HTTP client and the proxy routes: trust the CA
   * in secureJsonData.tlsCACert, for a custom cloud with a private CA (such as the emulator's).
   */
  tlsAuthWithCACert?: boolean;
}

export interface AuditSecureSettings {
  /** Browser mode's secret: the proxy routes template this key into their token request. */
  clientSecret?: string;
  /** "<cloud>|<login host>|<tenant>" the secret was entered for (secretBinding.ts); the backend checks it. */
  clientSecretBinding?: string;
  /** Server mode's secret: no route templates this key, so no route can use the credentials. */
  backendClientSecret?: string;
  backendClientSecretBinding?: string;
  /** The client certificate method's PEM (certificate and private key); server modes only. */
  backendClientCertificate?: string;
  backendClientCertificateBinding?: string;
  /** The private CA of a custom cloud (tlsAuthWithCACert). */
  tlsCACert?: string;
}

export const DEFAULT_MAX_EVENTS = 100_000;
export const DEFAULT_RETENTION_DAYS = 30;
export const DEFAULT_INGESTION_DELAY_MINUTES = 5;
export const DEFAULT_REQUEST_BUDGET = { requests: 5, perSeconds: 10 };
/**
 * Named bounds of the stored settings (checkStoredSettings). Retention: Microsoft keeps directory
 * audits 30 days at most; ten years leaves room for any store an emulator or a custom endpoint
 * holds, and keeps days × 86,400,000 ms far inside a Go duration (about 106,000 days). Ingestion
 * delay: a log more than a day late is broken, not late. Budget: Microsoft's is 5 per 10 s, test
 * suites against the emulator turn pacing off with 100,000 per millisecond, a window past an hour is a typo.
 */
export {
  DEFAULT_THROTTLE_GIVE_UP_MINUTES,
  MAX_BUDGET_REQUESTS,
  MAX_BUDGET_SECONDS,
  MAX_INGESTION_DELAY_MINUTES,
  MAX_RETENTION_DAYS,
  MAX_THROTTLE_GIVE_UP_MINUTES,
} from './storedSettings';

export interface ResolvedSettings {
  cloud: CloudName;
  api: ApiFlavour;
  tenantId: string;
  clientId: string;
  loginUrl: string;
  graphUrl: string;
  legacyGraphUrl: string;
  maxEvents: number;
  retentionDays: number;
  ingestionDelayMinutes: number;
  requestBudget: { requests: number; perSeconds: number };
  /** A stored value of the wrong kind or out of its bounds (checkStoredSettings); validateSettings reports it first. */
  storedProblem?: QueryError;
  throttleGiveUpMinutes: number;
  storeRetentionDays: number;
  storeSyncSeconds: number;
  storeBudgetShare: number;
  queryMode: QueryMode;
  authMethod: AuthMethod;
}

/** Applies the cloud table and the defaults; the China cloud defaults to Graph beta. */
export function resolveSettings(stored: AuditSettings): ResolvedSettings {
  const storedProblem = checkStoredSettings(stored);
  // A value of the wrong kind is reported by validateSettings; resolving reads it as absent.
  const settings = storedProblem ? withoutStoredProblems(stored) : stored;
  // Empty text reads as absent, as null does (and as in Go's Resolve).
  const cloud = settings.cloud || 'azure';
  const endpoints =
    cloud === 'custom' || !Object.prototype.hasOwnProperty.call(CLOUDS, cloud) ? undefined : CLOUDS[cloud];
  const api = settings.api || (endpoints?.directoryAuditsOnlyOnBeta ? 'msgraph-beta' : 'msgraph-v1');
  return {
    cloud,
    api,
    tenantId: trimText(settings.tenantId ?? ''),
    clientId: trimText(settings.clientId ?? ''),
    loginUrl: trimSlash(endpoints?.loginUrl ?? settings.loginUrl ?? ''),
    graphUrl: trimSlash(endpoints?.graphUrl ?? settings.graphUrl ?? ''),
    legacyGraphUrl: trimSlash(endpoints?.legacyGraphUrl ?? settings.legacyGraphUrl ?? ''),
    maxEvents: positiveOr(settings.maxEvents, DEFAULT_MAX_EVENTS),
    retentionDays: positiveOr(settings.retentionDays, DEFAULT_RETENTION_DAYS),
    ingestionDelayMinutes: settings.ingestionDelayMinutes ?? DEFAULT_INGESTION_DELAY_MINUTES,
    requestBudget: settings.requestBudget ?? DEFAULT_REQUEST_BUDGET,
    ...(storedProblem ? { storedProblem } : {}),
    throttleGiveUpMinutes: Math.min(
      MAX_THROTTLE_GIVE_UP_MINUTES,
      positiveOr(settings.throttleGiveUpMinutes, DEFAULT_THROTTLE_GIVE_UP_MINUTES)
    ),
    ...resolveStoreSettings(settings),
    queryMode: settings.queryMode ?? 'browser',
    authMethod: settings.authMethod ?? 'clientSecret',
  };
}

/** Only the text settings, kept when they are text: enough for the editor to show what is stored. */
function withoutStoredProblems(stored: AuditSettings): AuditSettings {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    cloud: text(stored.cloud) as CloudName | undefined,
    api: text(stored.api) as ApiFlavour | undefined,
    tenantId: text(stored.tenantId),
    clientId: text(stored.clientId),
    loginUrl: text(stored.loginUrl),
    graphUrl: text(stored.graphUrl),
    legacyGraphUrl: text(stored.legacyGraphUrl),
    queryMode: QUERY_MODES.find((mode) => mode === stored.queryMode),
  };
}

function trimSlash(url: string): string {
  return trimText(url).replace(/\/+$/, '');
}

/**
 * Trims what Go's strings.TrimFunc(unicode.IsSpace or U+FEFF) trims: JavaScript's \s is the same
 * set but for NEL (U+0085), which Go counts as space.
 */
export function trimText(text: string): string {
  return text.replace(/^[\s\u0085]+|[\s\u0085]+$/g, '');
}

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
