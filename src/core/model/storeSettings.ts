import { invalidSettings, QueryError } from '../errors/queryError';

/*
 * The audit store's backfill and sync (Server with store mode, pkg/storesync in Go): days kept,
 * seconds between syncs, share of the request budget. pkg/models/settings_store.go holds the same
 * numbers (rules_drift_test.go compares them).
 */
/** Three months of history, three times Microsoft's longest retention. */
export const DEFAULT_STORE_RETENTION_DAYS = 90;
/** Ten years, for compliance that asks for years of audit history. */
export const MAX_STORE_RETENTION_DAYS = 3650;
/** A dashboard or alert rule is at most a minute behind; each sync costs about one request. */
export const DEFAULT_STORE_SYNC_SECONDS = 60;
/** More often than every 10 s would spend the background share on the tail alone. */
export const MIN_STORE_SYNC_SECONDS = 10;
export const MAX_STORE_SYNC_SECONDS = 3600;
/** Backfill and sync spend half the budget; dashboards and alert rules keep the rest. */
export const DEFAULT_STORE_BUDGET_SHARE = 0.5;
export const MIN_STORE_BUDGET_SHARE = 0.05;
/** The others always keep a tenth of the budget. */
export const MAX_STORE_BUDGET_SHARE = 0.9;

type Check = (value: unknown) => QueryError | undefined;

const isWhole = (value: unknown, lowest: number, highest: number): boolean =>
  typeof value === 'number' && Number.isInteger(value) && value >= lowest && value <= highest;

const shortJson = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

/** The store settings' checks, in the order both engines apply them after the other stored settings. */
export const STORE_SETTINGS: Array<[string, Check]> = [
  [
    'storeRetentionDays',
    (value) =>
      isWhole(value, 1, MAX_STORE_RETENTION_DAYS)
        ? undefined
        : invalidSettings(
            'badStoreRetentionDays',
            `The store's kept retention is ${shortJson(value)} days. Set storeRetentionDays to the days of history the store keeps, 1 to ${MAX_STORE_RETENTION_DAYS}, or remove it for the default of ${DEFAULT_STORE_RETENTION_DAYS}.`
          ),
  ],
  [
    'storeSyncSeconds',
    (value) =>
      isWhole(value, MIN_STORE_SYNC_SECONDS, MAX_STORE_SYNC_SECONDS)
        ? undefined
        : invalidSettings(
            'badStoreSyncSeconds',
            `The store's sync interval is ${shortJson(value)} seconds. Set storeSyncSeconds to a whole number from ${MIN_STORE_SYNC_SECONDS} to ${MAX_STORE_SYNC_SECONDS}, or remove it for the default of ${DEFAULT_STORE_SYNC_SECONDS}.`
          ),
  ],
  [
    'storeBudgetShare',
    (value) =>
      typeof value === 'number' &&
      Number.isFinite(value) &&
      value >= MIN_STORE_BUDGET_SHARE &&
      value <= MAX_STORE_BUDGET_SHARE
        ? undefined
        : invalidSettings(
            'badStoreBudgetShare',
            `The store's share of the request budget is ${shortJson(value)}. Set storeBudgetShare to a fraction from ${MIN_STORE_BUDGET_SHARE} to ${MAX_STORE_BUDGET_SHARE}, or remove it for the default of ${DEFAULT_STORE_BUDGET_SHARE}.`
          ),
  ],
];

/** The store settings with their defaults (bounded as Go's resolveStore does). */
export function resolveStoreSettings(stored: {
  storeRetentionDays?: unknown;
  storeSyncSeconds?: unknown;
  storeBudgetShare?: unknown;
}): { storeRetentionDays: number; storeSyncSeconds: number; storeBudgetShare: number } {
  const positive = (value: unknown, fallback: number) =>
    typeof value === 'number' && value > 0 ? Math.trunc(value) : fallback;
  const share = stored.storeBudgetShare;
  return {
    storeRetentionDays: Math.min(
      MAX_STORE_RETENTION_DAYS,
      positive(stored.storeRetentionDays, DEFAULT_STORE_RETENTION_DAYS)
    ),
    storeSyncSeconds: Math.min(
      MAX_STORE_SYNC_SECONDS,
      Math.max(MIN_STORE_SYNC_SECONDS, positive(stored.storeSyncSeconds, DEFAULT_STORE_SYNC_SECONDS))
    ),
    storeBudgetShare:
      typeof share === 'number' && share >= MIN_STORE_BUDGET_SHARE && share <= MAX_STORE_BUDGET_SHARE
        ? share
        : DEFAULT_STORE_BUDGET_SHARE,
  };
}
