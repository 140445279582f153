import React from 'react';
import { Button, Combobox, ComboboxOption, InlineField, MultiCombobox, RadioButtonGroup, Stack } from '@grafana/ui';

import { FilterCondition, FilterField } from '../../core/model/query';
import { selectors } from '../selectors';
import {
  ALL_FILTER_FIELD_OPTIONS,
  FILTER_FIELD_OPTIONS,
  FILTER_FIELDS,
  OPERATOR_OPTIONS,
  filterFieldLabel,
  toOptions,
} from './options';

interface Props {
  filters: FilterCondition[];
  /** `$name` of each dashboard variable, offered as a value. */
  variables: string[];
  onChange: (filters: FilterCondition[]) => void;
  /** The fields rows may use; every Microsoft Graph filter field when absent. */
  fields?: FilterField[];
}

/** Filter rows: rows are ANDed, the values inside a row ORed. */
export function FilterRows({ filters, variables, onChange, fields }: Props) {
  const fieldOptions = fields ? ALL_FILTER_FIELD_OPTIONS.filter((o) => fields.includes(o.value)) : FILTER_FIELD_OPTIONS;
  const replace = (index: number, row: FilterCondition) => onChange(filters.map((f, i) => (i === index ? row : f)));
  const remove = (index: number) => onChange(filters.filter((_, i) => i !== index));
  const add = () => {
    const used = new Set(filters.map((f) => f.field));
    const field = fieldOptions.map((o) => o.value).find((f) => !used.has(f)) ?? fieldOptions[0].value;
    onChange([...filters, { field, operator: FILTER_FIELDS[field]!.defaultOperator, values: [] }]);
  };

  return (
    <Stack direction="column" gap={0.5} data-testid={selectors.query.filters}>
      {filters.map((row, index) => (
        <FilterRow
          key={index}
          index={index}
          row={row}
          others={filters.filter((_, i) => i !== index)}
          variables={variables}
          fieldOptions={fieldOptions}
          onChange={(next) => replace(index, next)}
          onRemove={() => remove(index)}
        />
      ))}
      <div>
        <Button variant="secondary" size="sm" icon="plus" onClick={add} data-testid={selectors.query.addFilter}>
          Add filter
        </Button>
      </div>
    </Stack>
  );
}

interface RowProps {
  index: number;
  row: FilterCondition;
  others: FilterCondition[];
  variables: string[];
  fieldOptions: Array<ComboboxOption<FilterField>>;
  onChange: (row: FilterCondition) => void;
  onRemove: () => void;
}

function FilterRow({ index, row, others, variables, fieldOptions: offered, onChange, onRemove }: RowProps) {
  const info = FILTER_FIELDS[row.field];
  const known = info?.knownValues?.(others) ?? [];
  // A stored row on a field not offered here is kept visible rather than silently changed.
  const fieldOptions = offered.some((o) => o.value === row.field)
    ? offered
    : [...offered, { value: row.field, label: filterFieldLabel(row.field) }];

  const onFieldChange = (option: ComboboxOption<FilterField>) => {
    const field = option.value;
    // Values picked for another field rarely make sense for this one.
    onChange({ field, operator: FILTER_FIELDS[field]?.defaultOperator ?? 'eq', values: [] });
  };
  // Every row's visible label is "Filter"; these hidden names tell the rows apart for assistive technology.
  const fieldName = `entraid-filter-field-${index}-name`;
  const valuesName = `entraid-filter-values-${index}-name`;

  return (
    <Stack gap={0.5} alignItems="center" data-testid={selectors.query.filterRow(index)}>
      <span hidden id={fieldName}>{`Filter ${index + 1} field`}</span>
      <span hidden id={valuesName}>{`Filter ${index + 1} values`}</span>
      <InlineField label="Filter" labelWidth={10} htmlFor={`entraid-filter-field-${index}`}>
        <Combobox
          id={`entraid-filter-field-${index}`}
          aria-labelledby={fieldName}
          options={fieldOptions}
          value={row.field}
          onChange={onFieldChange}
          width={30}
        />
      </InlineField>
      <RadioButtonGroup
        aria-label={`Filter ${index + 1} operator`}
        options={OPERATOR_OPTIONS}
        value={row.operator}
        onChange={(operator) => onChange({ ...row, operator })}
        size="sm"
      />
      <MultiCombobox
        aria-labelledby={valuesName}
        options={toOptions(known, variables, row.values)}
        value={row.values}
        createCustomValue
        placeholder={known.length > 0 ? 'Pick or type values' : 'Type a value and press Enter'}
        onChange={(options) => onChange({ ...row, values: options.map((o) => o.value) })}
        width={50}
      />
      <Button
        variant="secondary"
        size="sm"
        icon="trash-alt"
        aria-label={`Remove filter ${index + 1}`}
        tooltip="Remove this filter"
        onClick={onRemove}
      />
    </Stack>
  );
}
