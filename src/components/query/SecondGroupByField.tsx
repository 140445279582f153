import React from 'react';
import { Combobox, ComboboxOption, InlineField } from '@grafana/ui';

import { AuditQuery, GroupBy } from '../../core/model/query';
import { selectors } from '../selectors';
import { GROUP_BY_OPTIONS, LEGACY_GROUP_BY_OPTIONS } from './options';

interface Props {
  query: AuditQuery;
  /** The legacy API offers activity type too, as the first group-by does. */
  legacy: boolean;
  onChange: (patch: Partial<AuditQuery>) => void;
}

/** The optional second group-by: series and alert labels then say, e.g., who did what. */
export function SecondGroupByField({ query, legacy, onChange }: Props) {
  // The first grouping is not offered again: grouping twice by one field adds nothing.
  const options = (legacy ? LEGACY_GROUP_BY_OPTIONS : GROUP_BY_OPTIONS).filter((o) => o.value !== query.groupBy);
  return (
    <InlineField
      label="Then by"
      labelWidth={10}
      htmlFor="entraid-query-second-group-by"
      tooltip="Optional second grouping, e.g. activity then initiated by: series and alert labels carry both, so an alert says who did what to what."
    >
      <Combobox
        id="entraid-query-second-group-by"
        data-testid={selectors.query.secondGroupBy}
        options={options}
        value={query.secondGroupBy ?? null}
        placeholder="(none)"
        isClearable
        width={24}
        onChange={(option: ComboboxOption<GroupBy> | null) => onChange({ secondGroupBy: option?.value })}
      />
    </InlineField>
  );
}
