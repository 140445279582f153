import React from 'react';
import { Alert, TextLink } from '@grafana/ui';

import { APP_REGISTRATION_HELP_URL, REQUIRED_PERMISSIONS } from '../links';
import { selectors } from '../selectors';
import { BindingPart } from './secretBinding';

/** What the app registration needs before Save & test can pass. */
export function PermissionsHelp() {
  return (
    <Alert severity="info" title="App registration" data-testid={selectors.config.permissionsHelp}>
      Register an app in Microsoft Entra ID and grant it the Microsoft Graph <strong>application</strong> permissions{' '}
      <code>{REQUIRED_PERMISSIONS[0]}</code> and <code>{REQUIRED_PERMISSIONS[1]}</code>, then{' '}
      <strong>grant admin consent</strong> for your tenant. Delegated permissions are not enough: Grafana signs in as
      the app.{' '}
      <TextLink href={APP_REGISTRATION_HELP_URL} external>
        App registration steps
      </TextLink>
    </Alert>
  );
}

/** Why the stored secret is gone, so an admin does not mistake the empty field for a lost setting. */
export function SecretClearedNotice({ cleared }: { cleared: BindingPart }) {
  return (
    <Alert
      severity="warning"
      title={`The stored client secret was cleared because the ${cleared} changed`}
      data-testid={selectors.config.secretCleared}
    >
      {cleared === 'query mode' ? (
        <>
          Each mode keeps the secret in its own place: in Browser mode where Grafana&apos;s proxy routes read it, in
          Server mode where no route can, so that no request through a route carries this app&apos;s credentials. Enter
          the secret again and save to use it in the new mode.
        </>
      ) : (
        <>
          A client secret is sent only to the cloud, login host and tenant it was saved for, so that nobody can redirect
          it by changing these settings. Enter the secret again to use it with the new {cleared}; the plugin&apos;s
          backend refuses a secret saved for other endpoints.
        </>
      )}
    </Alert>
  );
}
