import React from 'react';
import { Field, Input, SecretInput } from '@grafana/ui';

import { secretKeysOf } from '../../core/model/secretBinding';
import { resolveSettings } from '../../core/model/settings';
import { selectors } from '../selectors';
import { AppRegistrationSteps } from './AppRegistrationSteps';
import { AuthMethodChoice, CertificateField } from './AuthMethodSection';
import { PermissionsHelp, SecretClearedNotice } from './CredentialNotices';
import { clientIdProblem, tenantIdProblem } from './identifiers';
import { BindingPart } from './secretBinding';
import { ConfigEditorProps } from './types';

interface CredentialsSectionProps extends ConfigEditorProps {
  /** Set when a change of cloud, login URL or tenant cleared the stored secret. */
  secretCleared?: BindingPart;
  /** Set when such a change cleared the stored client certificate. */
  certificateCleared?: boolean;
}

export function CredentialsSection(props: CredentialsSectionProps) {
  const { options, onOptionsChange } = props;
  const certificate = options.jsonData.authMethod === 'clientCertificate';
  return (
    <>
      <Identifiers {...props} />
      <AuthMethodChoice options={options} onOptionsChange={onOptionsChange} />
      {certificate ? (
        <CertificateField
          options={options}
          onOptionsChange={onOptionsChange}
          cleared={Boolean(props.certificateCleared)}
        />
      ) : (
        <SecretField {...props} />
      )}
    </>
  );
}

function Identifiers({ options, onOptionsChange }: CredentialsSectionProps) {
  const { jsonData } = options;
  const tenantProblem = tenantIdProblem(jsonData.tenantId);
  const clientProblem = clientIdProblem(jsonData.clientId);

  return (
    <>
      <PermissionsHelp />
      <AppRegistrationSteps />
      <IdentifierField
        label="Directory (tenant) ID"
        description="A GUID or a verified domain, from the app registration's Overview page."
        id="entraid-config-tenant-id"
        testId={selectors.config.tenantId}
        value={jsonData.tenantId}
        problem={tenantProblem}
        onChange={(tenantId) => onOptionsChange({ ...options, jsonData: { ...jsonData, tenantId } })}
      />
      <IdentifierField
        label="Application (client) ID"
        description="The app registration's Application (client) ID."
        id="entraid-config-client-id"
        testId={selectors.config.clientId}
        value={jsonData.clientId}
        problem={clientProblem}
        onChange={(clientId) => onOptionsChange({ ...options, jsonData: { ...jsonData, clientId } })}
      />
    </>
  );
}

function SecretField({ options, onOptionsChange, secretCleared }: CredentialsSectionProps) {
  // Browser mode keeps the secret where the proxy routes read it; server mode where none does.
  const { secret } = secretKeysOf(resolveSettings(options.jsonData).queryMode);

  const onSecretChange = (value: string) =>
    onOptionsChange({ ...options, secureJsonData: { ...options.secureJsonData, [secret]: value } });

  const onSecretReset = () =>
    onOptionsChange({
      ...options,
      secureJsonFields: { ...options.secureJsonFields, [secret]: false },
      secureJsonData: { ...options.secureJsonData, [secret]: '' },
    });

  return (
    <>
      {secretCleared && !options.secureJsonData?.[secret] && <SecretClearedNotice cleared={secretCleared} />}
      <Field
        label="Client secret"
        description="The secret's Value (not its Secret ID) from Certificates & secrets. Grafana encrypts it and never sends it to browsers."
        required
      >
        <SecretInput
          id="entraid-config-client-secret"
          data-testid={selectors.config.clientSecret}
          isConfigured={Boolean(options.secureJsonFields?.[secret])}
          value={options.secureJsonData?.[secret] ?? ''}
          placeholder="Client secret value"
          width={60}
          onReset={onSecretReset}
          onChange={(event) => onSecretChange(event.currentTarget.value)}
        />
      </Field>
    </>
  );
}

interface IdentifierFieldProps {
  label: string;
  description: string;
  id: string;
  testId: string;
  value: string | undefined;
  problem: string | undefined;
  onChange: (value: string) => void;
}

/** A required ID copied from the Entra admin center; surrounding spaces from the copy are dropped. */
function IdentifierField({ label, description, id, testId, value, problem, onChange }: IdentifierFieldProps) {
  return (
    <Field label={label} description={description} invalid={problem !== undefined} error={problem} required>
      <Input
        id={id}
        data-testid={testId}
        value={value ?? ''}
        placeholder="00000000-0000-0000-0000-000000000000"
        width={60}
        onChange={(event) => onChange(event.currentTarget.value.trim())}
      />
    </Field>
  );
}
