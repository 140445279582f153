import { invalidSettings, QueryError } from '../errors/queryError';
import { maxEventsTooHigh } from '../errors/limitErrors';
import { ValidationRule } from '../errors/validationRule';
import { MAX_EVENTS_PER_QUERY } from './limits';
import { STORE_SETTINGS } from './storeSettings';

/*
 * The bounds live here rather than in settings.ts, which imports this file: settings.ts re-exports
 * them. pkg/models/settings_stored.go holds the same numbers and reads the keys in the same order.
 */
export const MAX_RETENTION_DAYS = 3650;
export const MAX_INGESTION_DELAY_MINUTES = 1440;
export const MAX_BUDGET_REQUESTS = 100_000;
export const MAX_BUDGET_SECONDS = 3600;
/** How long a page may stay throttled (429 after 429) before its query fails: minutes, then it fails. */
export const DEFAULT_THROTTLE_GIVE_UP_MINUTES = 10;
export const MAX_THROTTLE_GIVE_UP_MINUTES = 60;
/** The largest whole number both engines hold exactly. */
const MAX_STORED_WHOLE = Number.MAX_SAFE_INTEGER;

type Check = (value: unknown) => QueryError | undefined;

const textSetting =
  (rule: ValidationRule): Check =>
  (value) =>
    typeof value === 'string'
      ? undefined
      : invalidSettings(
          rule,
          `The stored value ${shortJson(value)} is not text. Set it again in the data source settings.`
        );

const isWhole = (value: unknown, lowest: number, highest: number): boolean =>
  typeof value === 'number' && Number.isInteger(value) && value >= lowest && value <= highest;

/** Each jsonData key in the order both engines check it, with what it must hold when set (not null). */
const STORED_SETTINGS: Array<[string, Check]> = [
  ['cloud', textSetting('unknownCloud')],
  ['api', textSetting('unknownApi')],
  ['tenantId', textSetting('badTenant')],
  ['clientId', textSetting('badClientId')],
  ['loginUrl', textSetting('badEndpoint')],
  ['graphUrl', textSetting('badEndpoint')],
  ['legacyGraphUrl', textSetting('badEndpoint')],
  [
    'maxEvents',
    (value) =>
      isWhole(value, 1, MAX_EVENTS_PER_QUERY)
        ? undefined
        : isWhole(value, MAX_EVENTS_PER_QUERY + 1, MAX_STORED_WHOLE)
          ? maxEventsTooHigh(value as number)
          : invalidSettings(
              'badMaxEvents',
              `Events per query is ${shortJson(value)}, not a whole number above zero. Set it to e.g. 100000, or clear it for the default.`
            ),
  ],
  [
    'retentionDays',
    (value) =>
      isWhole(value, 1, MAX_RETENTION_DAYS)
        ? undefined
        : invalidSettings(
            'badRetentionDays',
            `The audit retention is ${shortJson(value)} days. Set it to the tenant's days (7 or 30), at most ${MAX_RETENTION_DAYS}.`
          ),
  ],
  [
    'ingestionDelayMinutes',
    (value) =>
      isWhole(value, 0, MAX_INGESTION_DELAY_MINUTES)
        ? undefined
        : invalidSettings(
            'badIngestionDelay',
            `The ingestion delay is ${shortJson(value)} minutes. Set ingestionDelayMinutes to a whole number from 0 to ${MAX_INGESTION_DELAY_MINUTES}, or remove it for the default of 5.`
          ),
  ],
  ['requestBudget', checkRequestBudget],
  [
    'throttleGiveUpMinutes',
    (value) =>
      isWhole(value, 1, MAX_THROTTLE_GIVE_UP_MINUTES)
        ? undefined
        : invalidSettings(
            'badThrottleGiveUpMinutes',
            `"Give up after throttling" (throttleGiveUpMinutes) is ${shortJson(value)} minutes. Set it to a whole number of minutes from 1 to ${MAX_THROTTLE_GIVE_UP_MINUTES}, or remove it for the default of ${DEFAULT_THROTTLE_GIVE_UP_MINUTES}.`
          ),
  ],
  ...STORE_SETTINGS,
  [
    'queryMode',
    (value) =>
      value === 'browser' || value === 'server' || value === 'serverStore'
        ? undefined
        : invalidSettings(
            'unknownQueryMode',
            `The query mode ${shortJson(value)} is unknown. Set queryMode to "browser", "server" or "serverStore" (Where queries run, in the data source settings), or remove it for browser.`
          ),
  ],
  [
    'authMethod',
    (value) =>
      value === 'clientSecret' || value === 'clientCertificate'
        ? undefined
        : invalidSettings(
            'unknownAuthMethod',
            `The authentication method ${shortJson(value)} is unknown. Set authMethod to "clientSecret" or "clientCertificate" (Authentication, in the data source settings), or remove it for a client secret.`
          ),
  ],
];

/**
 * jsonData comes from provisioning files and the API as well as the editor: a value of the wrong
 * kind or out of its named bounds is refused with the rule it breaks, never silently replaced
 * (a budget of 0 requests once made every panel wait forever).
 */
export function checkStoredSettings(stored: object | undefined): QueryError | undefined {
  const record = (stored ?? {}) as Record<string, unknown>;
  for (const [key, check] of STORED_SETTINGS) {
    const value = Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
    if (value !== undefined && value !== null) {
      const problem = check(value);
      if (problem) {
        return problem;
      }
    }
  }
  return undefined;
}

/** Refused rather than replaced: whoever set a budget meant something, and 0 requests waits forever. */
function checkRequestBudget(value: unknown): QueryError | undefined {
  const budget = (value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {}) as Record<
    string,
    unknown
  >;
  const seconds = budget.perSeconds;
  const fits =
    value === budget &&
    isWhole(budget.requests, 1, MAX_BUDGET_REQUESTS) &&
    typeof seconds === 'number' &&
    Number.isFinite(seconds) &&
    seconds > 0 &&
    seconds <= MAX_BUDGET_SECONDS;
  return fits
    ? undefined
    : invalidSettings(
        'badRequestBudget',
        `The request budget ${shortJson(value)} is not usable. Set requestBudget to {"requests": 1 to ${MAX_BUDGET_REQUESTS}, "perSeconds": above 0 up to ${MAX_BUDGET_SECONDS}}, or remove it for Microsoft's 5 per 10 s.`
      );
}

/** A stored value in an error, cut so a huge one cannot flood the message. */
function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
