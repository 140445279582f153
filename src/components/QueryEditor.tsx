import React, { useMemo } from 'react';
import { CoreApp, DataSourceApi, QueryEditorProps } from '@grafana/data';
import { Alert, InlineField, RadioButtonGroup, Stack } from '@grafana/ui';

import { AuditQuery, QueryFormat, withQueryDefaults } from '../core/model/query';
import { AuditJsonData } from './config/types';
import { FilterRows } from './query/FilterRows';
import { ResolvedSettings } from '../core/model/settings';
import { GroupByField } from './query/GroupByField';
import { FORMAT_OPTIONS, GROUPED_FORMATS, LEGACY_FILTER_FIELDS } from './query/options';
import { OutputOptions } from './query/OutputOptions';
import { RawFilterField } from './query/RawFilterField';
import { SecondGroupByField } from './query/SecondGroupByField';
import { dashboardVariableNames } from './query/templateVariables';
import { selectors } from './selectors';

export type AuditQueryEditorProps = QueryEditorProps<
  DataSourceApi<AuditQuery, AuditJsonData>,
  AuditQuery,
  AuditJsonData
>;

/** Alerting reads labelled series or one number per row; the summary has several number columns. */
const ALERTABLE_FORMATS: ReadonlySet<QueryFormat> = new Set(['alertNumbers', 'timeSeries']);

export function QueryEditor({ query: stored, onChange, onRunQuery, app, datasource }: AuditQueryEditorProps) {
  const query = useMemo(() => withQueryDefaults(stored), [stored]);
  const variables = useMemo(() => dashboardVariableNames(), []);

  const change = (patch: Partial<AuditQuery>) => {
    const next = { ...query, ...patch };
    onChange(next);
    // A row without values filters nothing, so adding one or picking its field changes no result.
    if (JSON.stringify(effective(next)) !== JSON.stringify(effective(query))) {
      onRunQuery();
    }
  };
  // The legacy Azure AD Graph API adds activity type; on Microsoft Graph it would always be empty.
  const legacy = (datasource as Partial<{ settings: ResolvedSettings }> | undefined)?.settings?.api === 'legacy';

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
          <GroupByField
            value={query.groupBy}
            legacy={legacy}
            // Named groups belong to the old grouping; carrying them over would report zeros for nonsense.
            onChange={(groupBy) =>
              change({
                groupBy,
                groups: undefined,
                ...(groupBy === query.secondGroupBy ? { secondGroupBy: undefined } : {}),
              })
            }
          />
        )}
        {GROUPED_FORMATS.has(query.format) && <SecondGroupByField query={query} legacy={legacy} onChange={change} />}
      </Stack>
      {app === CoreApp.UnifiedAlerting && !ALERTABLE_FORMATS.has(query.format) && (
        <Alert severity="warning" title="Alert rules need numbers" data-testid={selectors.query.alertFormatWarning}>
          An alert rule cannot evaluate this format: choose Alert numbers (one number per group) or Time series.
        </Alert>
      )}
      <FilterRows
        filters={query.filters}
        variables={variables}
        fields={legacy ? LEGACY_FILTER_FIELDS : undefined}
        onChange={(filters) => change({ filters })}
      />
      <RawFilterField value={query.rawFilter} onChange={(rawFilter) => change({ rawFilter })} />
      <OutputOptions query={query} variables={variables} onChange={change} />
    </Stack>
  );
}

function effective(query: AuditQuery): AuditQuery {
  return { ...query, filters: query.filters.filter((row) => row.values.length > 0) };
}
