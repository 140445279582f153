import React, { useMemo } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { Stack, Text } from '@grafana/ui';

import { AuditQuery, withQueryDefaults } from '../core/model/query';
import { FilterRows } from './query/FilterRows';
import { RawFilterField } from './query/RawFilterField';
import { dashboardVariableNames } from './query/templateVariables';

type Props = QueryEditorProps<any, AuditQuery>;

/** Annotations are one per event, so only the filters matter: format and grouping do not apply. */
export function AnnotationQueryEditor({ query: stored, onChange }: Props) {
  const query = useMemo(() => withQueryDefaults(stored), [stored]);
  const variables = useMemo(() => dashboardVariableNames(), []);
  return (
    <Stack direction="column" gap={1}>
      <Text color="secondary" variant="bodySmall">
        One annotation per matching event: the activity as title, initiator, targets and result as text, category and
        service as tags. Keep the filters narrow; every event in the range becomes a marker.
      </Text>
      <FilterRows
        filters={query.filters}
        variables={variables}
        onChange={(filters) => onChange({ ...query, filters })}
      />
      <RawFilterField value={query.rawFilter} onChange={(rawFilter) => onChange({ ...query, rawFilter })} />
    </Stack>
  );
}
