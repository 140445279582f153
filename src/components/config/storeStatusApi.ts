import { getBackendSrv } from '@grafana/runtime';

/** What GET store/status answers (StoreStatus in pkg/plugin/storestatus.go). */
export interface StoreStatusAnswer {
  configured: boolean;
  /** What is wrong and what to do; the store's figures are absent when it cannot be read. */
  reason?: string;
  syncRunning: boolean;
  /** The server's clock, so "last sync … ago" does not depend on the browser's. */
  nowMs: number;
  path?: string;
  events?: number;
  oldestMs?: number;
  newestMs?: number;
  bytesOnDisk?: number;
  backfillPercent?: number;
  coveredSpans?: number;
  lastSyncMs?: number;
  lastAttemptMs?: number;
  lastError?: string;
  inProgress?: boolean;
}

export type StoreAction = 'resync' | 'delete';

export interface ActionOutcome {
  ok: boolean;
  message: string;
}

/** Grafana's standard URL for a data source's backend resources (CallResource). */
export function storeResourceUrl(uid: string, resource: 'status' | StoreAction): string {
  return `/api/datasources/uid/${encodeURIComponent(uid)}/resources/store/${resource}`;
}

/** Errors are shown in the panel, so Grafana's own toast is switched off. */
const QUIET = { showErrorAlert: false, showSuccessAlert: false };

export function fetchStoreStatus(uid: string): Promise<StoreStatusAnswer> {
  return getBackendSrv().get<StoreStatusAnswer>(storeResourceUrl(uid, 'status'), undefined, undefined, QUIET);
}

/** Runs an admin action; a refusal (403 for non-admins) comes back with the backend's message. */
export async function runStoreAction(uid: string, action: StoreAction): Promise<ActionOutcome> {
  try {
    const answer = await getBackendSrv().post<{ message?: string }>(storeResourceUrl(uid, action), {}, QUIET);
    return { ok: true, message: answer?.message ?? 'Done.' };
  } catch (err) {
    return { ok: false, message: errorMessage(err) };
  }
}

/** The backend's own message when there is one, else Grafana's, else the HTTP status. */
export function errorMessage(err: unknown): string {
  const e = err as { status?: number; data?: { message?: string }; message?: string } | undefined;
  return e?.data?.message || e?.message || `no answer from Grafana (HTTP ${e?.status ?? 'unknown'})`;
}
