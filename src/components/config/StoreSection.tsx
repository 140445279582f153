import React, { useState } from 'react';
import { Alert, Field, Input } from '@grafana/ui';

import {
  DEFAULT_STORE_BUDGET_SHARE,
  DEFAULT_STORE_RETENTION_DAYS,
  DEFAULT_STORE_SYNC_SECONDS,
  MAX_STORE_BUDGET_SHARE,
  MAX_STORE_RETENTION_DAYS,
  MAX_STORE_SYNC_SECONDS,
  MIN_STORE_BUDGET_SHARE,
  MIN_STORE_SYNC_SECONDS,
  STORE_SETTINGS,
} from '../../core/model/storeSettings';
import { selectors } from '../selectors';
import { AuditJsonData, JsonDataSectionProps } from './types';

type StoreKey = 'storeRetentionDays' | 'storeSyncSeconds' | 'storeBudgetShare';

interface StoreField {
  key: StoreKey;
  label: string;
  description: string;
  min: number;
  max: number;
  step: number;
  fallback: number;
  testId: string;
}

const FIELDS: StoreField[] = [
  {
    key: 'storeRetentionDays',
    label: 'Keep history (days)',
    description: `Days of audit events the store keeps, beyond Microsoft's own retention; older ones are pruned. 1 to ${MAX_STORE_RETENTION_DAYS}, default ${DEFAULT_STORE_RETENTION_DAYS}.`,
    min: 1,
    max: MAX_STORE_RETENTION_DAYS,
    step: 1,
    fallback: DEFAULT_STORE_RETENTION_DAYS,
    testId: selectors.config.storeRetentionDays,
  },
  {
    key: 'storeSyncSeconds',
    label: 'Sync every (seconds)',
    description: `How often the store asks Microsoft Graph for new events (about one request each time): dashboards and alert rules are at most this far behind. ${MIN_STORE_SYNC_SECONDS} to ${MAX_STORE_SYNC_SECONDS}, default ${DEFAULT_STORE_SYNC_SECONDS}.`,
    min: MIN_STORE_SYNC_SECONDS,
    max: MAX_STORE_SYNC_SECONDS,
    step: 1,
    fallback: DEFAULT_STORE_SYNC_SECONDS,
    testId: selectors.config.storeSyncSeconds,
  },
  {
    key: 'storeBudgetShare',
    label: 'Share of the request budget',
    description: `The fraction of the request budget the backfill and sync may spend; dashboards and alert rules keep the rest. ${MIN_STORE_BUDGET_SHARE} to ${MAX_STORE_BUDGET_SHARE}, default ${DEFAULT_STORE_BUDGET_SHARE}.`,
    min: MIN_STORE_BUDGET_SHARE,
    max: MAX_STORE_BUDGET_SHARE,
    step: 0.05,
    fallback: DEFAULT_STORE_BUDGET_SHARE,
    testId: selectors.config.storeBudgetShare,
  },
];

/** The check both engines apply to the stored value (storeSettings.ts), so the editor says the same. */
function problemOf(key: StoreKey, text: string): string | undefined {
  if (text.trim() === '') {
    return undefined;
  }
  const check = STORE_SETTINGS.find(([name]) => name === key)?.[1];
  return check?.(Number(text))?.message;
}

/** Server with store only: how long the store keeps history, how often it syncs, its budget share. */
export function StoreSection({ jsonData, onJsonDataChange }: JsonDataSectionProps) {
  return (
    <>
      <Alert severity="info" title="Server with store" data-testid={selectors.config.storeExplanation}>
        Keeps history beyond Microsoft&apos;s retention and answers dashboards at once from a store on the Grafana
        server&apos;s disk, filled in the background. Grafana&apos;s server needs <code>store_dir</code> in the{' '}
        <code>[plugin.auditlens-entraid-datasource]</code> section of grafana.ini; Save &amp; test says when it is
        missing.
      </Alert>
      {FIELDS.map((field) => (
        <StoreNumberField key={field.key} field={field} jsonData={jsonData} onJsonDataChange={onJsonDataChange} />
      ))}
    </>
  );
}

function StoreNumberField({ field, jsonData, onJsonDataChange }: JsonDataSectionProps & { field: StoreField }) {
  const stored = jsonData[field.key];
  const [text, setText] = useState(stored === undefined ? '' : String(stored));
  const problem = problemOf(field.key, text);
  const onChange = (next: string) => {
    setText(next);
    if (next.trim() === '') {
      onJsonDataChange({ [field.key]: undefined } as Partial<AuditJsonData>);
    } else if (problemOf(field.key, next) === undefined) {
      onJsonDataChange({ [field.key]: Number(next) } as Partial<AuditJsonData>);
    }
  };
  return (
    <Field label={field.label} description={field.description} invalid={problem !== undefined} error={problem}>
      <Input
        id={`entraid-config-${field.key}`}
        data-testid={field.testId}
        type="number"
        min={field.min}
        max={field.max}
        step={field.step}
        value={text}
        placeholder={String(field.fallback)}
        width={20}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
    </Field>
  );
}
