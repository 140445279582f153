import React, { useEffect, useState } from 'react';
import { Divider, FieldSet } from '@grafana/ui';

import { CloudSection } from './config/CloudSection';
import { CredentialsSection } from './config/CredentialsSection';
import { QueryLimitsSection } from './config/QueryLimitsSection';
import { QueryModeSection } from './config/QueryModeSection';
import { RouteRiskNotice } from './config/RouteRiskNotice';
import { StoreStatus } from './config/StoreStatus';
import { BindingPart, bindSecret } from './config/secretBinding';
import { bindCertificate } from './config/certificateBinding';
import { CustomCaField } from './config/CustomCaField';
import { AuditJsonData, ConfigEditorProps } from './config/types';

export function ConfigEditor(props: ConfigEditorProps) {
  const { options } = props;
  const [secretCleared, setSecretCleared] = useState<BindingPart>();
  const [certificateCleared, setCertificateCleared] = useState(false);
  // Every change passes here, so no edit can leave a stored secret or certificate bound to other endpoints.
  const onOptionsChange: ConfigEditorProps['onOptionsChange'] = (next) => {
    const bound = bindSecret(options, next);
    if (bound.cleared) {
      setSecretCleared(bound.cleared);
    }
    const certified = bindCertificate(options, bound.options);
    if (certified.cleared) {
      setCertificateCleared(true);
    }
    props.onOptionsChange(certified.options);
  };
  const onJsonDataChange = (patch: Partial<AuditJsonData>) =>
    onOptionsChange({ ...options, jsonData: withoutUndefined({ ...options.jsonData, ...patch }) });
  // A new data source starts in server mode (docs/editors.md); a saved one without the key stays in browser mode.
  const isNew = isNewDataSource(options);
  useEffect(() => {
    if (isNew) {
      // No secret is stored yet, so there is nothing for bindSecret to clear or bind.
      props.onOptionsChange({ ...options, jsonData: { ...options.jsonData, queryMode: 'server' } });
    }
    // Once, when the editor opens on a data source nobody has configured yet.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <>
      <RouteRiskNotice />
      <FieldSet label="Tenant">
        <CloudSection jsonData={options.jsonData} onJsonDataChange={onJsonDataChange} />
        {options.jsonData.cloud === 'custom' && <CustomCaField options={options} onOptionsChange={onOptionsChange} />}
        <CredentialsSection
          {...props}
          onOptionsChange={onOptionsChange}
          secretCleared={secretCleared}
          certificateCleared={certificateCleared}
        />
      </FieldSet>
      <Divider />
      <FieldSet label="Queries">
        <QueryModeSection jsonData={options.jsonData} onJsonDataChange={onJsonDataChange} />
        <QueryLimitsSection jsonData={options.jsonData} onJsonDataChange={onJsonDataChange} />
      </FieldSet>
      <StoreStatus uid={options.uid} queryMode={options.jsonData.queryMode} />
    </>
  );
}

/** A setting patched to undefined is removed, so the stored jsonData says only what the admin chose. */
function withoutUndefined(jsonData: AuditJsonData): AuditJsonData {
  return Object.fromEntries(Object.entries(jsonData).filter(([, value]) => value !== undefined)) as AuditJsonData;
}

/** Nothing configured yet: no query mode, tenant, client ID or stored secret. */
function isNewDataSource(options: ConfigEditorProps['options']): boolean {
  const { jsonData, secureJsonFields } = options;
  return (
    jsonData.queryMode === undefined &&
    !jsonData.tenantId &&
    !jsonData.clientId &&
    !Object.values(secureJsonFields ?? {}).some(Boolean)
  );
}
