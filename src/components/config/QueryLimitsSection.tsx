import React, { useState } from 'react';
import { SelectableValue } from '@grafana/data';
import { Alert, Field, Input, RadioButtonGroup } from '@grafana/ui';

import { CloudName, CLOUDS } from '../../core/model/clouds';
import { ApiFlavour, DEFAULT_MAX_EVENTS, DEFAULT_RETENTION_DAYS, resolveSettings } from '../../core/model/settings';
import { selectors } from '../selectors';
import { JsonDataSectionProps } from './types';

const API_OPTIONS: Array<SelectableValue<ApiFlavour>> = [
  { value: 'msgraph-v1', label: 'Graph v1.0', description: 'Microsoft Graph v1.0: the stable API' },
  {
    value: 'msgraph-beta',
    label: 'Graph beta',
    description: 'Microsoft Graph beta: adds userAgent; required in Azure China',
  },
  {
    value: 'legacy',
    label: 'Azure AD Graph reporting API (legacy, retired by Microsoft in 2025)',
    description:
      'graph.windows.net activities/audit: for emulators, archived responses and the Azure AD reporting scripts',
  },
];

const RETENTION_OPTIONS: Array<SelectableValue<number>> = [
  { value: 7, label: '7 days', description: 'Microsoft Entra ID Free' },
  { value: 30, label: '30 days', description: 'Microsoft Entra ID P1 or P2' },
];

interface ApiFieldProps {
  api: ApiFlavour;
  cloud: CloudName;
  onJsonDataChange: JsonDataSectionProps['onJsonDataChange'];
}

/** The API choice, with what it means in the chosen cloud and for the retired Azure AD Graph. */
function ApiField({ api, cloud, onJsonDataChange }: ApiFieldProps) {
  const betaOnly = cloud !== 'custom' && CLOUDS[cloud].directoryAuditsOnlyOnBeta;
  return (
    <>
      <Field label="API" description="Which Microsoft API serves the audit log.">
        <RadioButtonGroup
          id="entraid-config-api"
          aria-label="API"
          options={API_OPTIONS}
          value={api}
          onChange={(value) => onJsonDataChange({ api: value })}
        />
      </Field>
      {betaOnly && api === 'msgraph-v1' && (
        <Alert
          severity="error"
          title="v1.0 does not serve directory audits in this cloud"
          data-testid={selectors.config.apiNotServedInCloud}
        >
          Choose Graph beta: Microsoft serves <code>auditLogs/directoryAudits</code> only on beta in{' '}
          {CLOUDS[cloud].label}.
        </Alert>
      )}
      {api === 'legacy' && (
        <Alert
          severity="warning"
          title="Microsoft retired Azure AD Graph in 2025"
          data-testid={selectors.config.legacyWarning}
        >
          Live tenants answer <strong>403 Forbidden</strong> to every app on the legacy Azure AD Graph reporting API (
          <code>activities/audit</code>). Keep this choice only for a tenant emulator, replays of archived responses, or
          a setup built for the old Azure AD reporting scripts; for a real tenant choose Graph v1.0 or beta. On this API
          the service field is empty and events can also be grouped by activity type.
        </Alert>
      )}
    </>
  );
}

export function QueryLimitsSection({ jsonData, onJsonDataChange }: JsonDataSectionProps) {
  const api = resolveSettings(jsonData).api;
  const cloud = jsonData.cloud ?? 'azure';
  const [maxEventsText, setMaxEventsText] = useState(jsonData.maxEvents ? String(jsonData.maxEvents) : '');
  const maxEventsProblem = positiveIntegerProblem(maxEventsText);

  const onMaxEventsChange = (text: string) => {
    setMaxEventsText(text);
    if (text.trim() === '') {
      onJsonDataChange({ maxEvents: undefined });
    } else if (positiveIntegerProblem(text) === undefined) {
      onJsonDataChange({ maxEvents: Number(text) });
    }
  };

  return (
    <>
      <ApiField api={api} cloud={cloud} onJsonDataChange={onJsonDataChange} />
      <Field
        label="Events per query"
        description={`The most events one query fetches; a walk stopped by this limit says so on the panel. Default ${DEFAULT_MAX_EVENTS.toLocaleString('en-US')}.`}
        invalid={maxEventsProblem !== undefined}
        error={maxEventsProblem}
      >
        <Input
          id="entraid-config-max-events"
          data-testid={selectors.config.maxEvents}
          type="number"
          min={1}
          value={maxEventsText}
          placeholder={String(DEFAULT_MAX_EVENTS)}
          width={20}
          onChange={(event) => onMaxEventsChange(event.currentTarget.value)}
        />
      </Field>
      <Field
        label="Audit retention"
        description="How far back the tenant keeps audit logs; older time ranges are clipped with a notice."
      >
        <RadioButtonGroup
          id="entraid-config-retention-days"
          aria-label="Audit retention"
          options={RETENTION_OPTIONS}
          value={jsonData.retentionDays ?? DEFAULT_RETENTION_DAYS}
          onChange={(retentionDays) => onJsonDataChange({ retentionDays })}
        />
      </Field>
    </>
  );
}

function positiveIntegerProblem(text: string): string | undefined {
  if (text.trim() === '') {
    return undefined;
  }
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? undefined : `"${text}" is not a whole number above zero.`;
}
