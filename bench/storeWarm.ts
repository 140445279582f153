import { RunningEmulator } from '../emulator';
import { DATASOURCE_UID, DsQueryStandin } from './dsQueryStandin';
import { openThroughDsQuery } from './serverViewers';

/** What the bench reads of the plugin's store/status resource (pkg/plugin/storestatus.go). */
export interface StoreStatus {
  configured: boolean;
  reason?: string;
  backfillPercent?: number;
  inProgress?: boolean;
  lastSyncMs?: number;
  lastError?: string;
  /** Graph requests the sync sent since the plugin process started. */
  requests?: number;
}

/** A backfill of the bench tenant (30 days at the store's budget share) takes minutes of emulated time. */
const WARM_TIMEOUT_MS = 10 * 60_000;
const POLL_MS = 250;

export async function storeStatus(standin: DsQueryStandin): Promise<StoreStatus> {
  const response = await fetch(`${standin.url}/api/datasources/uid/${DATASOURCE_UID}/resources/store/status`);
  if (!response.ok) {
    throw new Error(`store/status answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as StoreStatus;
}

/**
 * Warms a Server-with-store data source: its first query starts the sync (the secret arrives only
 * with a request), then the store's status is polled until the backfill holds the whole window and
 * no cycle runs. Throws with the last status when that takes longer than WARM_TIMEOUT_MS (wall).
 */
export async function warmStore(standin: DsQueryStandin, emulator: RunningEmulator): Promise<void> {
  await openThroughDsQuery(standin, emulator, 1);
  const deadline = performance.now() + WARM_TIMEOUT_MS;
  let status = await storeStatus(standin);
  while (!((status.backfillPercent ?? 0) >= 100 && !status.inProgress && (status.lastSyncMs ?? 0) > 0)) {
    if (!status.configured || performance.now() > deadline) {
      throw new Error(`the store did not finish its backfill: ${JSON.stringify(status)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    status = await storeStatus(standin);
  }
}

/**
 * The sync's Graph requests so far, read once no cycle runs: a cycle's request reaches the
 * emulator's log when sent and the sync's count when answered, so a reading in the middle of a
 * cycle would count it on one side only.
 */
export async function syncRequestsWhenIdle(standin: DsQueryStandin): Promise<number> {
  const deadline = performance.now() + WARM_TIMEOUT_MS;
  let status = await storeStatus(standin);
  while (status.inProgress && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    status = await storeStatus(standin);
  }
  return status.requests ?? 0;
}
