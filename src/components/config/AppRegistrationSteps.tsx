import React from 'react';
import { ControlledCollapse } from '@grafana/ui';

import { REQUIRED_PERMISSIONS } from '../links';

/** The steps in the editor itself, so an admin on an offline Grafana needs no other page. */
export function AppRegistrationSteps() {
  return (
    <ControlledCollapse label="How to register the app" isOpen={false}>
      <ol>
        <li>
          In the Entra admin center, open Entra ID → App registrations → New registration: any name, single tenant, no
          redirect URI.
        </li>
        <li>On the app&apos;s Overview page, copy the Application (client) ID and the Directory (tenant) ID.</li>
        <li>
          Under Certificates &amp; secrets → New client secret, create a secret and copy its <strong>Value</strong> at
          once (not its Secret ID). Note when it expires.
        </li>
        <li>
          Under API permissions → Add a permission → Microsoft Graph → Application permissions, add{' '}
          <code>{REQUIRED_PERMISSIONS[0]}</code> and <code>{REQUIRED_PERMISSIONS[1]}</code>, then click Grant admin
          consent.
        </li>
      </ol>
    </ControlledCollapse>
  );
}
