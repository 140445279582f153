import React from 'react';
import { Field, InlineSwitch, SecretTextArea } from '@grafana/ui';

import { selectors } from '../selectors';
import { ConfigEditorProps } from './types';

/**
 * A custom cloud's private CA, such as the tenant emulator's: Grafana's own TLS settings
 * (jsonData.tlsAuthWithCACert, secureJsonData.tlsCACert), which the backend's HTTP client and
 * Grafana's proxy routes both honour. Microsoft's clouds need no such trust.
 */
export function CustomCaField({ options, onOptionsChange }: ConfigEditorProps) {
  const on = Boolean(options.jsonData.tlsAuthWithCACert);
  const setCa = (value: string, configured?: boolean) =>
    onOptionsChange({
      ...options,
      secureJsonFields:
        configured === undefined ? options.secureJsonFields : { ...options.secureJsonFields, tlsCACert: configured },
      secureJsonData: { ...options.secureJsonData, tlsCACert: value },
    });
  return (
    <>
      <Field
        label="With CA Cert"
        description="Trust a private CA for the custom login and Graph URLs (such as the tenant emulator's emulator-ca.pem). The Azure Identity library signs in over HTTPS only."
      >
        <InlineSwitch
          data-testid={selectors.config.customCa}
          value={on}
          onChange={(event) =>
            onOptionsChange({
              ...options,
              jsonData: { ...options.jsonData, tlsAuthWithCACert: event.currentTarget.checked || undefined },
            })
          }
        />
      </Field>
      {on && (
        <Field label="CA certificate" description="The CA's certificate, PEM (-----BEGIN CERTIFICATE-----)." required>
          <SecretTextArea
            id="entraid-config-ca-certificate"
            data-testid={selectors.config.customCaCert}
            isConfigured={Boolean(options.secureJsonFields?.tlsCACert)}
            value={options.secureJsonData?.tlsCACert ?? ''}
            placeholder="-----BEGIN CERTIFICATE-----"
            rows={6}
            cols={64}
            onReset={() => setCa('', false)}
            onChange={(event) => setCa(event.currentTarget.value)}
          />
        </Field>
      )}
    </>
  );
}
