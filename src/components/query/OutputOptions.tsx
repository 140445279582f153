import React, { useState } from 'react';
import { InlineField, Input, MultiCombobox, Stack } from '@grafana/ui';

import { AuditQuery } from '../../core/model/query';
import { selectors } from '../selectors';
import { knownGroupValues, toOptions } from './options';

interface Props {
  query: AuditQuery;
  variables: string[];
  onChange: (patch: Partial<AuditQuery>) => void;
}

/** A Grafana duration (`30s`, `5m`, `1h`, `1d`), `auto`, or a variable such as `$__interval`. */
const BUCKET = /^(auto|\d+(s|m|h|d)|\$\w+|\$\{\w+\})$/;

/** The picker's accessible name: the visible label is InlineField's, which names no input without an id. */
const ALWAYS_REPORT_NAME = 'entraid-query-groups-name';

export function OutputOptions({ query, variables, onChange }: Props) {
  const showBucket = query.format === 'timeSeries';
  const showGroups = query.format === 'timeSeries' || query.format === 'alertNumbers' || query.format === 'summary';
  return (
    <Stack gap={1} wrap="wrap">
      {showBucket && <BucketField value={query.bucket} onChange={(bucket) => onChange({ bucket })} />}
      {showGroups && <TopNField value={query.topN} onChange={(topN) => onChange({ topN })} />}
      {showGroups && (
        <>
          <span hidden id={ALWAYS_REPORT_NAME}>
            Always report
          </span>
          <InlineField
            label="Always report"
            labelWidth={16}
            tooltip="Groups that appear even with no events, as explicit zeros, so an alert rule never sees No Data for them."
          >
            <MultiCombobox
              aria-labelledby={ALWAYS_REPORT_NAME}
              data-testid={selectors.query.groups}
              options={toOptions(knownGroupValues(query.groupBy), variables, query.groups)}
              value={query.groups ?? []}
              createCustomValue
              placeholder="Any group"
              width={50}
              onChange={(options) => {
                const groups = options.map((o) => o.value);
                onChange({ groups: groups.length > 0 ? groups : undefined });
              }}
            />
          </InlineField>
        </>
      )}
    </Stack>
  );
}

function BucketField({ value, onChange }: { value?: string; onChange: (bucket: string) => void }) {
  const [text, setText] = useState(value && value !== 'auto' ? value : '');
  const trimmed = text.trim();
  const problem =
    trimmed === '' || BUCKET.test(trimmed)
      ? undefined
      : `"${trimmed}" is not a bucket width: use auto, a duration such as 5m, 1h or 1d, or a variable.`;
  return (
    <InlineField
      label="Bucket"
      labelWidth={10}
      tooltip="Width of each time-series bucket. Auto follows the panel's interval."
      invalid={problem !== undefined}
      error={problem}
    >
      <Input
        id="entraid-query-bucket"
        data-testid={selectors.query.bucket}
        value={text}
        placeholder="auto"
        width={12}
        onChange={(event) => setText(event.currentTarget.value)}
        onBlur={() => {
          const next = trimmed === '' ? 'auto' : trimmed;
          if (problem === undefined && next !== (value ?? 'auto')) {
            onChange(next);
          }
        }}
      />
    </InlineField>
  );
}

function TopNField({ value, onChange }: { value?: number; onChange: (topN: number | undefined) => void }) {
  const [text, setText] = useState(value ? String(value) : '');
  const trimmed = text.trim();
  const problem =
    trimmed === '' || (Number.isInteger(Number(trimmed)) && Number(trimmed) > 0)
      ? undefined
      : `"${trimmed}" is not a whole number above zero; leave it empty to keep every group.`;
  return (
    <InlineField
      label="Top"
      labelWidth={8}
      tooltip="Keep the N biggest groups and add the rest up as “other”. Empty keeps every group."
      invalid={problem !== undefined}
      error={problem}
    >
      <Input
        id="entraid-query-top-n"
        data-testid={selectors.query.topN}
        type="number"
        min={1}
        value={text}
        placeholder="all"
        width={10}
        onChange={(event) => setText(event.currentTarget.value)}
        onBlur={() => {
          const next = trimmed === '' ? undefined : Number(trimmed);
          if (problem === undefined && next !== value) {
            onChange(next);
          }
        }}
      />
    </InlineField>
  );
}
