import React from 'react';
import { Alert, Field, Input, SecretInput, TextLink } from '@grafana/ui';

import { secretKeysOf } from '../../core/model/secretBinding';
import { resolveSettings } from '../../core/model/settings';
import { APP_REGISTRATION_HELP_URL, REQUIRED_PERMISSIONS } from '../links';
import { selectors } from '../selectors';
import { AppRegistrationSteps } from './AppRegistrationSteps';
import { AuthMethodChoice, CertificateField } from './AuthMethodSection';
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
      <Alert severity="info" title="App registration" data-testid={selectors.config.permissionsHelp}>
        Register an app in Microsoft Entra ID and grant it the Microsoft Graph <strong>application</strong> permissions{' '}
        <code>{REQUIRED_PERMISSIONS[0]}</code> and <code>{REQUIRED_PERMISSIONS[1]}</code>, then{' '}
        <strong>grant admin consent</strong> for your tenant. Delegated permissions are not enough: Grafana signs in as
        the app.{' '}
        <TextLink href={APP_REGISTRATION_HELP_URL} external>
          App registration steps
        </TextLink>
      </Alert>
      <AppRegistrationSteps />
      <Field
        label="Directory (tenant) ID"
        description="A GUID or a verified domain, from the app registration's Overview page."
        invalid={tenantProblem !== undefined}
        error={tenantProblem}
        required
      >
        <Input
          id="entraid-config-tenant-id"
          data-testid={selectors.config.tenantId}
          value={jsonData.tenantId ?? ''}
          placeholder="00000000-0000-0000-0000-000000000000"
          width={60}
          onChange={(event) =>
            onOptionsChange({ ...options, jsonData: { ...jsonData, tenantId: event.currentTarget.value.trim() } })
          }
        />
      </Field>
      <Field
        label="Application (client) ID"
        description="The app registration's Application (client) ID."
        invalid={clientProblem !== undefined}
        error={clientProblem}
        required
      >
        <Input
          id="entraid-config-client-id"
          data-testid={selectors.config.clientId}
          value={jsonData.clientId ?? ''}
          placeholder="00000000-0000-0000-0000-000000000000"
          width={60}
          onChange={(event) =>
            onOptionsChange({ ...options, jsonData: { ...jsonData, clientId: event.currentTarget.value.trim() } })
          }
        />
      </Field>
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
      {secretCleared && !options.secureJsonData?.[secret] && (
        <Alert
          severity="warning"
          title={`The stored client secret was cleared because the ${secretCleared} changed`}
          data-testid={selectors.config.secretCleared}
        >
          {secretCleared === 'query mode' ? (
            <>
              Each mode keeps the secret in its own place: in Browser mode where Grafana&apos;s proxy routes read it, in
              Server mode where no route can, so that no request through a route carries this app&apos;s credentials.
              Enter the secret again and save to use it in the new mode.
            </>
          ) : (
            <>
              A client secret is sent only to the cloud, login host and tenant it was saved for, so that nobody can
              redirect it by changing these settings. Enter the secret again to use it with the new {secretCleared}; the
              plugin&apos;s backend refuses a secret saved for other endpoints.
            </>
          )}
        </Alert>
      )}
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
