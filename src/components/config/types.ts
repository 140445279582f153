import { DataSourcePluginOptionsEditorProps } from '@grafana/data';

import { AuditSecureSettings } from '../../core/model/settings';
import type { AuditJsonData } from '../../datasource/DataSource';

export type { AuditJsonData };

export type ConfigEditorProps = DataSourcePluginOptionsEditorProps<AuditJsonData, AuditSecureSettings>;

/** What each settings section needs: the stored jsonData and a way to merge a change into it. */
export interface JsonDataSectionProps {
  jsonData: AuditJsonData;
  onJsonDataChange: (patch: Partial<AuditJsonData>) => void;
}
