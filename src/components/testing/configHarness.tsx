import React, { useState } from 'react';
import { DataSourceSettings } from '@grafana/data';

import { AuditSecureSettings } from '../../core/model/settings';
import { ConfigEditor } from '../ConfigEditor';
import { AuditJsonData } from '../config/types';

export type AuditDataSourceSettings = DataSourceSettings<AuditJsonData, AuditSecureSettings>;

export function createSettings(
  jsonData: Partial<AuditJsonData> = {},
  overrides: Partial<AuditDataSourceSettings> = {}
): AuditDataSourceSettings {
  return {
    id: 1,
    uid: 'entraid-test',
    orgId: 1,
    name: 'Entra ID audit',
    type: 'auditlens-entraid-datasource',
    typeName: 'Entra ID',
    typeLogoUrl: '',
    access: 'proxy',
    url: '',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    withCredentials: false,
    readOnly: false,
    jsonData: jsonData as AuditJsonData,
    secureJsonFields: {},
    secureJsonData: {},
    ...overrides,
  };
}

/** Renders the editor the way Grafana does: every change is fed back as the next props. */
export function ConfigHarness({
  initial,
  onChange,
}: {
  initial: AuditDataSourceSettings;
  onChange: (options: AuditDataSourceSettings) => void;
}) {
  const [options, setOptions] = useState(initial);
  return (
    <ConfigEditor
      options={options}
      onOptionsChange={(next) => {
        setOptions(next);
        onChange(next);
      }}
    />
  );
}
