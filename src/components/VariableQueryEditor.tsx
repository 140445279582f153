import React, { useMemo } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { Combobox, ComboboxOption, InlineField, Stack, Text } from '@grafana/ui';

import { AuditQuery, FilterField } from '../core/model/query';
import type { AuditJsonData } from '../datasource/jsonData';
import type { AuditDataSourceApi, AuditVariableQuery, VariableKind } from '../datasource/variableQuery';
import { FilterRows } from './query/FilterRows';
import { dashboardVariableNames } from './query/templateVariables';
import { selectors } from './selectors';

type Props = QueryEditorProps<AuditDataSourceApi, AuditQuery, AuditJsonData, AuditVariableQuery>;

const KIND_OPTIONS: Array<ComboboxOption<VariableKind>> = [
  { value: 'activities', label: 'Activities', description: "From Microsoft's catalogue; no request" },
  { value: 'categories', label: 'Categories', description: "From Microsoft's catalogue; no request" },
  { value: 'services', label: 'Services', description: "From Microsoft's catalogue; no request" },
  { value: 'initiators', label: 'Initiators', description: 'Who started events in the time range, busiest first' },
  { value: 'targets', label: 'Targets', description: 'Objects events in the time range acted on, most frequent first' },
];

const FROM_EVENTS: ReadonlySet<VariableKind> = new Set(['initiators', 'targets']);
/** What the catalogue knows about an activity; other fields could not narrow its lists. */
const CATALOGUE_FIELDS: FilterField[] = ['service', 'category', 'activity', 'operationType', 'targetType'];

export function VariableQueryEditor({ query, onChange }: Props) {
  const kind = query.kind ?? 'activities';
  const filters = query.filters ?? [];
  const variables = useMemo(() => dashboardVariableNames(), []);
  return (
    <Stack direction="column" gap={1}>
      <InlineField label="List" labelWidth={12} htmlFor="entraid-variable-kind">
        <Combobox
          id="entraid-variable-kind"
          data-testid={selectors.variable.kind}
          options={KIND_OPTIONS}
          value={kind}
          width={30}
          onChange={(option: ComboboxOption<VariableKind>) => onChange({ ...query, kind: option.value, filters })}
        />
      </InlineField>
      <Text color="secondary" variant="bodySmall">
        {FROM_EVENTS.has(kind)
          ? "Read from the events in the dashboard's time range, narrowed by the filters below."
          : 'Narrow the list by service, category, operation or target type; a filter may use another variable.'}
      </Text>
      <FilterRows
        filters={filters}
        variables={variables}
        fields={FROM_EVENTS.has(kind) ? undefined : CATALOGUE_FIELDS}
        onChange={(next) => onChange({ ...query, kind, filters: next })}
      />
    </Stack>
  );
}
