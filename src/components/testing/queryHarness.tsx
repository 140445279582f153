import React, { useState } from 'react';
import { CoreApp, DataSourceApi } from '@grafana/data';

import { AuditQuery } from '../../core/model/query';
import { ApiFlavour } from '../../core/model/settings';
import { QueryEditor } from '../QueryEditor';

/** Renders the editor the way Grafana does: every change is fed back as the next props. */
export function QueryHarness({
  initial,
  onChange,
  onRunQuery,
  app,
  api,
}: {
  initial: Partial<AuditQuery> & { refId: string };
  app?: CoreApp;
  /** The data source's API flavour, as DataSource.settings carries it. */
  api?: ApiFlavour;
  onChange: (query: AuditQuery) => void;
  onRunQuery: () => void;
}) {
  const [query, setQuery] = useState(initial as AuditQuery);
  return (
    <QueryEditor
      datasource={(api ? { settings: { api } } : {}) as unknown as DataSourceApi<AuditQuery>}
      query={query}
      onChange={(next) => {
        setQuery(next);
        onChange(next);
      }}
      onRunQuery={onRunQuery}
      app={app}
    />
  );
}
