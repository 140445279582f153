import React from 'react';
import { Divider, FieldSet } from '@grafana/ui';

import { CloudSection } from './config/CloudSection';
import { CredentialsSection } from './config/CredentialsSection';
import { QueryLimitsSection } from './config/QueryLimitsSection';
import { AuditJsonData, ConfigEditorProps } from './config/types';

export function ConfigEditor(props: ConfigEditorProps) {
  const { options, onOptionsChange } = props;
  const onJsonDataChange = (patch: Partial<AuditJsonData>) =>
    onOptionsChange({ ...options, jsonData: withoutUndefined({ ...options.jsonData, ...patch }) });

  return (
    <>
      <FieldSet label="Tenant">
        <CloudSection jsonData={options.jsonData} onJsonDataChange={onJsonDataChange} />
        <CredentialsSection {...props} />
      </FieldSet>
      <Divider />
      <FieldSet label="Queries">
        <QueryLimitsSection jsonData={options.jsonData} onJsonDataChange={onJsonDataChange} />
      </FieldSet>
    </>
  );
}

/** A setting patched to undefined is removed, so the stored jsonData says only what the admin chose. */
function withoutUndefined(jsonData: AuditJsonData): AuditJsonData {
  return Object.fromEntries(Object.entries(jsonData).filter(([, value]) => value !== undefined)) as AuditJsonData;
}
