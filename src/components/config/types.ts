import { DataSourceJsonData, DataSourcePluginOptionsEditorProps } from '@grafana/data';

import { AuditSecureSettings, AuditSettings } from '../../core/model/settings';

export type AuditJsonData = AuditSettings & DataSourceJsonData;

export type ConfigEditorProps = DataSourcePluginOptionsEditorProps<AuditJsonData, AuditSecureSettings>;

/** What each settings section needs: the stored jsonData and a way to merge a change into it. */
export interface JsonDataSectionProps {
  jsonData: AuditJsonData;
  onJsonDataChange: (patch: Partial<AuditJsonData>) => void;
}
