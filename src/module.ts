import { DataSourcePlugin } from '@grafana/data';

import { AuditQuery } from './core/model/query';
import { AuditJsonData, DataSource } from './datasource/DataSource';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { QueryEditorHelp } from './components/QueryEditorHelp';

export const plugin = new DataSourcePlugin<DataSource, AuditQuery, AuditJsonData>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor)
  .setQueryEditorHelp(QueryEditorHelp);
