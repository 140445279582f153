import React, { useState } from 'react';
import { InlineField, Input } from '@grafana/ui';

import { selectors } from '../selectors';

interface Props {
  value?: string;
  onChange: (rawFilter: string | undefined) => void;
}

/** The expert's own OData clause; stored on blur so a half-typed clause never runs. */
export function RawFilterField({ value, onChange }: Props) {
  const [text, setText] = useState(value ?? '');
  return (
    <InlineField
      label="$filter"
      labelWidth={10}
      grow
      tooltip="An OData clause for experts, ANDed with the filters above in parentheses, so it can only narrow the result. Dashboard variables are replaced first."
    >
      <Input
        id="entraid-query-raw-filter"
        data-testid={selectors.query.rawFilter}
        value={text}
        placeholder="e.g. initiatedBy/app/displayName eq 'Azure AD Cloud Sync'"
        onChange={(event) => setText(event.currentTarget.value)}
        onBlur={() => {
          const trimmed = text.trim();
          if (trimmed !== (value ?? '')) {
            onChange(trimmed === '' ? undefined : trimmed);
          }
        }}
      />
    </InlineField>
  );
}
