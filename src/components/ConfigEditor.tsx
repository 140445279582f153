import React, { useState } from 'react';
import { Divider, FieldSet } from '@grafana/ui';

import { CloudSection } from './config/CloudSection';
import { CredentialsSection } from './config/CredentialsSection';
import { QueryLimitsSection } from './config/QueryLimitsSection';
import { RouteRiskNotice } from './config/RouteRiskNotice';
import { BindingPart, bindSecret } from './config/secretBinding';
import { AuditJsonData, ConfigEditorProps } from './config/types';

export function ConfigEditor(props: ConfigEditorProps) {
  const { options } = props;
  const [secretCleared, setSecretCleared] = useState<BindingPart>();
  // Every change passes here, so no edit can leave a stored secret bound to other endpoints.
  const onOptionsChange: ConfigEditorProps['onOptionsChange'] = (next) => {
    const bound = bindSecret(options, next);
    if (bound.cleared) {
      setSecretCleared(bound.cleared);
    }
    props.onOptionsChange(bound.options);
  };
  const onJsonDataChange = (patch: Partial<AuditJsonData>) =>
    onOptionsChange({ ...options, jsonData: withoutUndefined({ ...options.jsonData, ...patch }) });

  return (
    <>
      <RouteRiskNotice />
      <FieldSet label="Tenant">
        <CloudSection jsonData={options.jsonData} onJsonDataChange={onJsonDataChange} />
        <CredentialsSection {...props} onOptionsChange={onOptionsChange} secretCleared={secretCleared} />
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
