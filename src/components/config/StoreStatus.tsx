import React, { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, ConfirmModal, Field, Stack } from '@grafana/ui';

import { selectors } from '../selectors';
import {
  ActionOutcome,
  StoreAction,
  StoreStatusAnswer,
  errorMessage,
  fetchStoreStatus,
  runStoreAction,
} from './storeStatusApi';
import { formatAgo, formatBytes, formatCount, formatTime } from './storeStatusFormat';

/** How often the panel reads the status while the settings page is open and visible. */
export const STORE_STATUS_REFRESH_MS = 5000;

/** The jsonData.queryMode value of "Server with store". */
export const SERVER_STORE_MODE = 'serverStore';

interface Props {
  /** The saved data source's uid; a data source not saved yet has no store. */
  uid?: string;
  queryMode?: string;
}

/** The audit store's state and its admin actions, for a data source in Server with store mode. */
export function StoreStatus({ uid, queryMode }: Props) {
  if (queryMode !== SERVER_STORE_MODE || !uid) {
    return null;
  }
  return <StoreStatusPanel uid={uid} />;
}

function StoreStatusPanel({ uid }: { uid: string }) {
  const { status, readError, refresh } = usePolledStatus(uid);
  const [outcome, setOutcome] = useState<ActionOutcome>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [busy, setBusy] = useState(false);
  const act = async (action: StoreAction) => {
    setConfirmDelete(false);
    setBusy(true);
    setOutcome(await runStoreAction(uid, action));
    setBusy(false);
    refresh();
  };
  return (
    <Field label="Audit store" description="What the store holds and how its sync goes; refreshed every few seconds.">
      <div data-testid={selectors.config.storeStatus}>
        {readError && (
          <Alert severity="error" title="Cannot read the store status">
            {readError}
          </Alert>
        )}
        {status && <StatusBody status={status} />}
        <Stack direction="row" gap={1}>
          <Button variant="secondary" icon="sync" disabled={busy} onClick={() => act('resync')}>
            Re-sync from the retention edge
          </Button>
          <Button variant="destructive" icon="trash-alt" disabled={busy} onClick={() => setConfirmDelete(true)}>
            Delete store
          </Button>
        </Stack>
        {outcome && (
          <Alert severity={outcome.ok ? 'success' : 'error'} title={outcome.ok ? 'Done' : 'Refused'}>
            <span data-testid={selectors.config.storeActionOutcome}>{outcome.message}</span>
          </Alert>
        )}
        <ConfirmModal
          isOpen={confirmDelete}
          title="Delete the audit store"
          body="The sync stops and the store's file is removed with every event it holds, including history older than Microsoft keeps. In Server with store mode the next query starts a new store and backfills what Microsoft still has."
          confirmText="Delete store"
          onConfirm={() => act('delete')}
          onDismiss={() => setConfirmDelete(false)}
        />
      </div>
    </Field>
  );
}

/** Reads the status now and every STORE_STATUS_REFRESH_MS while the page is visible. */
function usePolledStatus(uid: string) {
  const [status, setStatus] = useState<StoreStatusAnswer>();
  const [readError, setReadError] = useState<string>();
  const mounted = useRef(true);
  const refresh = useCallback(() => {
    fetchStoreStatus(uid).then(
      (answer) => mounted.current && (setStatus(answer), setReadError(undefined)),
      (err) => mounted.current && setReadError(errorMessage(err))
    );
  }, [uid]);
  useEffect(() => {
    mounted.current = true;
    refresh();
    const timer = setInterval(() => document.visibilityState !== 'hidden' && refresh(), STORE_STATUS_REFRESH_MS);
    return () => {
      mounted.current = false;
      clearInterval(timer);
    };
  }, [refresh]);
  return { status, readError, refresh };
}

function StatusBody({ status }: { status: StoreStatusAnswer }) {
  if (!status.configured) {
    return (
      <Alert severity="warning" title="No audit store">
        {status.reason}
      </Alert>
    );
  }
  if (status.events === undefined) {
    return (
      <Alert severity="error" title="The audit store cannot be used">
        {status.reason}
      </Alert>
    );
  }
  const percent = status.backfillPercent ?? 0;
  const lastSync = status.lastSyncMs ? formatAgo(status.nowMs, status.lastSyncMs) : 'never';
  return (
    <div data-testid={selectors.config.storeFigures}>
      <progress value={percent} max={100} aria-label="Backfill" style={{ width: '100%' }} />
      <div>
        Backfill {percent} %{status.inProgress ? ', syncing now' : ''}
      </div>
      <div>
        {status.events === 0
          ? 'No events held yet'
          : `${formatCount(status.events)} events from ${formatTime(status.oldestMs ?? 0)} to ${formatTime(status.newestMs ?? 0)}`}
      </div>
      <div>
        {formatBytes(status.bytesOnDisk ?? 0)} on disk{status.path ? ` (${status.path})` : ''}
      </div>
      <div>
        Last sync {lastSync}
        {status.syncRunning
          ? ''
          : "; the sync starts with the data source's next query (a dashboard, Explore or an alert rule)"}
      </div>
      {status.lastError && (
        <Alert severity="warning" title="The last sync failed">
          {status.lastError}
        </Alert>
      )}
    </div>
  );
}
