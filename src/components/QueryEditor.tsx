import React, { useMemo, useState } from 'react';
import { DataSourceApi, QueryEditorProps, SelectableValue } from '@grafana/data';
import { InlineField, Input, RadioButtonGroup, Select, Stack } from '@grafana/ui';

import { AuditQuery, GroupBy, withQueryDefaults } from '../core/model/query';
import { AuditJsonData } from './config/types';
import { FilterRows } from './query/FilterRows';
import { FORMAT_OPTIONS, GROUP_BY_OPTIONS, GROUPED_FORMATS } from './query/options';
import { OutputOptions } from './query/OutputOptions';
import { dashboardVariableNames } from './query/templateVariables';
import { selectors } from './selectors';

export type AuditQueryEditorProps = QueryEditorProps<
  DataSourceApi<AuditQuery, AuditJsonData>,
  AuditQuery,
  AuditJsonData
>;

export function QueryEditor({ query: stored, onChange, onRunQuery }: AuditQueryEditorProps) {
  const query = useMemo(() => withQueryDefaults(stored), [stored]);
  const variables = useMemo(() => dashboardVariableNames(), []);
  const [rawFilter, setRawFilter] = useState(query.rawFilter ?? '');

  const change = (patch: Partial<AuditQuery>) => {
    onChange({ ...query, ...patch });
    onRunQuery();
  };
  const groupByOptions = GROUP_BY_OPTIONS.some((o) => o.value === query.groupBy)
    ? GROUP_BY_OPTIONS
    : [...GROUP_BY_OPTIONS, { value: query.groupBy, label: query.groupBy }];

  return (
    <Stack direction="column" gap={1} data-testid={selectors.query.editor}>
      <Stack gap={1} wrap="wrap">
        <InlineField label="Format" labelWidth={10}>
          <RadioButtonGroup
            aria-label="Format"
            options={FORMAT_OPTIONS}
            value={query.format}
            onChange={(format) => change({ format })}
          />
        </InlineField>
        {GROUPED_FORMATS.has(query.format) && (
          <InlineField label="Group by" labelWidth={10} htmlFor="entraid-query-group-by">
            <Select
              inputId="entraid-query-group-by"
              data-testid={selectors.query.groupBy}
              options={groupByOptions}
              value={query.groupBy}
              width={24}
              onChange={(option: SelectableValue<GroupBy>) =>
                // Named groups belong to the old grouping; carrying them over would report zeros for nonsense.
                change({ groupBy: option.value!, groups: undefined })
              }
            />
          </InlineField>
        )}
      </Stack>
      <FilterRows filters={query.filters} variables={variables} onChange={(filters) => change({ filters })} />
      <InlineField
        label="$filter"
        labelWidth={10}
        grow
        tooltip="An OData clause for experts, ANDed with the filters above in parentheses, so it can only narrow the result. Dashboard variables are replaced first."
      >
        <Input
          id="entraid-query-raw-filter"
          data-testid={selectors.query.rawFilter}
          value={rawFilter}
          placeholder="e.g. initiatedBy/app/displayName eq 'Azure AD Cloud Sync'"
          onChange={(event) => setRawFilter(event.currentTarget.value)}
          onBlur={() => {
            const trimmed = rawFilter.trim();
            if (trimmed !== (query.rawFilter ?? '')) {
              change({ rawFilter: trimmed === '' ? undefined : trimmed });
            }
          }}
        />
      </InlineField>
      <OutputOptions query={query} variables={variables} onChange={change} />
    </Stack>
  );
}
