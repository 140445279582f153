import React from 'react';
import { Alert, Field, RadioButtonGroup, SecretTextArea } from '@grafana/ui';

import { AuthMethod, runsOnServer } from '../../core/model/settings';
import { selectors } from '../selectors';
import { CERTIFICATE_KEYS } from './certificateBinding';
import { ConfigEditorProps } from './types';

const METHODS: Array<{ label: string; value: AuthMethod; description: string }> = [
  {
    label: 'Client secret',
    value: 'clientSecret',
    description: "A secret from the app registration's Certificates & secrets. Works in every query mode.",
  },
  {
    label: 'Client certificate',
    value: 'clientCertificate',
    description:
      "A certificate whose public part is uploaded to the app registration; Grafana's server signs in with its private key. Server modes only.",
  },
];

/** The authentication method choice; only the chosen method's fields show (the secret's are in CredentialsSection). */
export function AuthMethodChoice({ options, onOptionsChange }: ConfigEditorProps) {
  const method = options.jsonData.authMethod ?? 'clientSecret';
  return (
    <Field
      label="Authentication"
      description="How Grafana's server signs the app in to Microsoft Entra ID. Microsoft recommends certificates over secrets."
    >
      <RadioButtonGroup<AuthMethod>
        data-testid={selectors.config.authMethod}
        options={METHODS}
        value={method}
        onChange={(authMethod) =>
          onOptionsChange({
            ...options,
            // A client secret is the default: the key is left out rather than stored.
            jsonData: { ...options.jsonData, authMethod: authMethod === 'clientSecret' ? undefined : authMethod },
          })
        }
      />
    </Field>
  );
}

interface CertificateFieldProps extends ConfigEditorProps {
  /** Set when a change of cloud, login URL or tenant cleared the stored certificate. */
  cleared: boolean;
}

/** The certificate's PEM with its private key, kept where no proxy route can read it. */
export function CertificateField({ options, onOptionsChange, cleared }: CertificateFieldProps) {
  const onServer = runsOnServer(options.jsonData.queryMode);
  const key = CERTIFICATE_KEYS.secret;
  const setCertificate = (value: string, configured?: boolean) =>
    onOptionsChange({
      ...options,
      secureJsonFields:
        configured === undefined ? options.secureJsonFields : { ...options.secureJsonFields, [key]: configured },
      secureJsonData: { ...options.secureJsonData, [key]: value },
    });
  return (
    <>
      {!onServer && (
        <Alert
          severity="warning"
          title="Certificates need a server mode"
          data-testid={selectors.config.certificateNeedsServer}
        >
          Grafana&apos;s proxy routes, which Browser mode uses, cannot sign in with a certificate. Choose Server or
          Server with store under Where queries run, or use a client secret.
        </Alert>
      )}
      {cleared && !options.secureJsonData?.[key] && (
        <Alert
          severity="warning"
          title="The stored client certificate was cleared"
          data-testid={selectors.config.certificateCleared}
        >
          A certificate signs in only to the cloud, login host and tenant it was saved for. Paste it again to use it
          with the new endpoints.
        </Alert>
      )}
      <Field
        label="Client certificate"
        description="The certificate and its unencrypted private key, PEM (-----BEGIN CERTIFICATE----- and -----BEGIN PRIVATE KEY-----), RSA. Upload the certificate's public part (.cer or .pem) to the app registration. Grafana encrypts it and never sends it to browsers."
        required
      >
        <SecretTextArea
          id="entraid-config-client-certificate"
          data-testid={selectors.config.clientCertificate}
          isConfigured={Boolean(options.secureJsonFields?.[key])}
          value={options.secureJsonData?.[key] ?? ''}
          placeholder="-----BEGIN CERTIFICATE-----"
          rows={8}
          cols={64}
          onReset={() => setCertificate('', false)}
          onChange={(event) => setCertificate(event.currentTarget.value)}
        />
      </Field>
    </>
  );
}
