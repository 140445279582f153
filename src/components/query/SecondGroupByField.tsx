import React from 'react';
import { SelectableValue } from '@grafana/data';
import { InlineField, Select } from '@grafana/ui';

import { AuditQuery, GroupBy } from '../../core/model/query';
import { selectors } from '../selectors';

interface Props {
  query: AuditQuery;
  /** The groupings offered for the first group-by; the first one itself is not offered again. */
  options: Array<SelectableValue<GroupBy>>;
  onChange: (patch: Partial<AuditQuery>) => void;
}

/** The optional second group-by: series and alert labels then say, e.g., who did what. */
export function SecondGroupByField({ query, options, onChange }: Props) {
  return (
    <InlineField
      label="Then by"
      labelWidth={10}
      htmlFor="entraid-query-second-group-by"
      tooltip="Optional second grouping, e.g. activity then initiated by: series and alert labels carry both, so an alert says who did what to what."
    >
      <Select
        inputId="entraid-query-second-group-by"
        data-testid={selectors.query.secondGroupBy}
        options={options.filter((o) => o.value !== query.groupBy)}
        value={query.secondGroupBy ?? null}
        placeholder="(none)"
        isClearable
        width={24}
        onChange={(option: SelectableValue<GroupBy> | null) => onChange({ secondGroupBy: option?.value })}
      />
    </InlineField>
  );
}
