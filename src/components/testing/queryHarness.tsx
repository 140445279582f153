import React, { useState } from 'react';
import { CoreApp, DataSourceApi } from '@grafana/data';

import { AuditQuery } from '../../core/model/query';
import { QueryEditor } from '../QueryEditor';

/** Renders the editor the way Grafana does: every change is fed back as the next props. */
export function QueryHarness({
  initial,
  onChange,
  onRunQuery,
  app,
}: {
  initial: Partial<AuditQuery> & { refId: string };
  app?: CoreApp;
  onChange: (query: AuditQuery) => void;
  onRunQuery: () => void;
}) {
  const [query, setQuery] = useState(initial as AuditQuery);
  return (
    <QueryEditor
      datasource={{} as DataSourceApi<AuditQuery>}
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
