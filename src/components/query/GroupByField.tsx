import React from 'react';
import { Combobox, ComboboxOption, InlineField } from '@grafana/ui';

import { GroupBy } from '../../core/model/query';
import { selectors } from '../selectors';
import { GROUP_BY_OPTIONS, LEGACY_GROUP_BY_OPTIONS } from './options';

interface Props {
  value: GroupBy;
  /** The legacy Azure AD Graph API adds activity type; on Microsoft Graph it would always be empty. */
  legacy: boolean;
  onChange: (groupBy: GroupBy) => void;
}

export function GroupByField({ value, legacy, onChange }: Props) {
  const offered = legacy ? LEGACY_GROUP_BY_OPTIONS : GROUP_BY_OPTIONS;
  // A stored grouping not offered here is kept visible rather than silently changed.
  const options = offered.some((o) => o.value === value) ? offered : [...offered, { value, label: value }];
  return (
    <InlineField label="Group by" labelWidth={10} htmlFor="entraid-query-group-by">
      <Combobox
        id="entraid-query-group-by"
        data-testid={selectors.query.groupBy}
        options={options}
        value={value}
        width={24}
        onChange={(option: ComboboxOption<GroupBy>) => onChange(option.value)}
      />
    </InlineField>
  );
}
