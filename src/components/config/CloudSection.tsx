import React from 'react';
import { Alert, Combobox, ComboboxOption, Field, Input } from '@grafana/ui';

import { CloudName, CLOUDS } from '../../core/model/clouds';
import { checkEndpoint } from '../../core/model/validateSettings';
import { selectors } from '../selectors';
import { JsonDataSectionProps } from './types';

const CLOUD_OPTIONS: Array<ComboboxOption<CloudName>> = [
  ...(Object.keys(CLOUDS) as Array<keyof typeof CLOUDS>).map((name) => ({
    value: name,
    label: CLOUDS[name].label,
    description: CLOUDS[name].graphUrl,
  })),
  { value: 'custom', label: 'Custom endpoints', description: 'Your own login and Graph URLs' },
];

export function CloudSection({ jsonData, onJsonDataChange }: JsonDataSectionProps) {
  const cloud = jsonData.cloud ?? 'azure';

  const onCloudChange = (option: ComboboxOption<CloudName>) => {
    const next = option.value;
    const patch: Partial<typeof jsonData> = { cloud: next };
    // v1.0 does not serve directory audits in China, so a China tenant starts on beta.
    if (next !== 'custom' && CLOUDS[next].directoryAuditsOnlyOnBeta && jsonData.api !== 'legacy') {
      patch.api = 'msgraph-beta';
    }
    onJsonDataChange(patch);
  };

  return (
    <>
      <Field label="Cloud" description="The Microsoft cloud your tenant lives in.">
        <Combobox
          id="entraid-config-cloud"
          data-testid={selectors.config.cloud}
          options={CLOUD_OPTIONS}
          value={cloud}
          onChange={onCloudChange}
          width={40}
        />
      </Field>
      {cloud === 'china' && (
        <Alert
          severity="info"
          title="Azure China serves directory audits on Microsoft Graph beta only"
          data-testid={selectors.config.chinaBetaNote}
        >
          Microsoft documents <code>auditLogs/directoryAudits</code> on v1.0 as unavailable in Azure China (21Vianet);
          this data source uses the beta API there.
        </Alert>
      )}
      {cloud === 'custom' && <CustomEndpoints jsonData={jsonData} onJsonDataChange={onJsonDataChange} />}
    </>
  );
}

function CustomEndpoints({ jsonData, onJsonDataChange }: JsonDataSectionProps) {
  // The legacy API takes a v1 token from its own host; Microsoft Graph's URL plays no part in it.
  const legacy = jsonData.api === 'legacy';
  return (
    <>
      <Alert
        severity="warning"
        title="The client secret and tokens go to these endpoints"
        data-testid={selectors.config.customEndpointWarning}
      >
        Grafana sends the client secret to {describeHost(jsonData.loginUrl, 'the login URL')} and the access tokens to{' '}
        {legacy
          ? describeHost(jsonData.legacyGraphUrl, 'the Azure AD Graph URL')
          : describeHost(jsonData.graphUrl, 'the Graph URL')}
        . Enter only endpoints your organisation runs or trusts.
      </Alert>
      <EndpointField
        label="Login URL"
        description={`Token endpoint host; Grafana posts to <login URL>/<tenant>/${legacy ? 'oauth2/token' : 'oauth2/v2.0/token'}.`}
        testId={selectors.config.loginUrl}
        value={jsonData.loginUrl}
        onChange={(loginUrl) => onJsonDataChange({ loginUrl })}
      />
      {legacy ? (
        <EndpointField
          label="Azure AD Graph URL"
          description="Host serving <tenant>/activities/audit; also the token's resource."
          testId={selectors.config.legacyGraphUrl}
          value={jsonData.legacyGraphUrl}
          onChange={(legacyGraphUrl) => onJsonDataChange({ legacyGraphUrl })}
        />
      ) : (
        <EndpointField
          label="Microsoft Graph URL"
          description="Host serving <version>/auditLogs/directoryAudits."
          testId={selectors.config.graphUrl}
          value={jsonData.graphUrl}
          onChange={(graphUrl) => onJsonDataChange({ graphUrl })}
        />
      )}
    </>
  );
}

interface EndpointFieldProps {
  label: string;
  description: string;
  testId: string;
  value: string | undefined;
  onChange: (value: string) => void;
}

function EndpointField({ label, description, testId, value, onChange }: EndpointFieldProps) {
  // An empty field is merely unfinished; say nothing until the user has typed something.
  const problem = value ? checkEndpoint(label, value)?.message : undefined;
  return (
    <Field label={label} description={description} invalid={problem !== undefined} error={problem} required>
      <Input
        id={testId}
        data-testid={testId}
        value={value ?? ''}
        placeholder="https://"
        width={60}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
    </Field>
  );
}

function describeHost(url: string | undefined, fallback: string): string {
  try {
    return url ? new URL(url).host : fallback;
  } catch {
    return fallback;
  }
}
