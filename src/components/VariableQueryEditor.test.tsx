import React, { useState } from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import type { AuditDataSourceApi, AuditVariableQuery } from '../datasource/variables';
import { selectors } from './selectors';
import { installDomPolyfills } from './testing/domPolyfills';
import { optionLabels, pickOption } from './testing/selectHelpers';
import { VariableQueryEditor } from './VariableQueryEditor';

installDomPolyfills();
// @grafana/ui's Combobox renders slowly in jsdom (seconds per filter row on a loaded machine); nothing waits on a clock.
jest.setTimeout(30_000);

function Harness({ initial, onChange }: { initial: AuditVariableQuery; onChange: (q: AuditVariableQuery) => void }) {
  const [query, setQuery] = useState(initial);
  return (
    <VariableQueryEditor
      datasource={{} as AuditDataSourceApi}
      query={query}
      onRunQuery={() => {}}
      onChange={(next) => {
        setQuery(next);
        onChange(next);
      }}
    />
  );
}

function setup(initial: Partial<AuditVariableQuery> = {}) {
  const onChange = jest.fn<void, [AuditVariableQuery]>();
  render(<Harness initial={{ refId: 'variable', kind: 'activities', filters: [], ...initial }} onChange={onChange} />);
  return () => onChange.mock.calls[onChange.mock.calls.length - 1][0];
}

describe('VariableQueryEditor', () => {
  it('offers only the fields the catalogue can narrow by, until the list comes from events', async () => {
    setup({ kind: 'categories', filters: [{ field: 'service', operator: 'eq', values: [] }] });
    expect(await optionLabels('Filter 1 field')).toEqual([
      'Service',
      'Category',
      'Activity',
      'Operation type',
      'Target type',
    ]);
  });

  it('offers every field for initiators and targets', async () => {
    setup({ kind: 'targets', filters: [{ field: 'service', operator: 'eq', values: [] }] });
    expect(await optionLabels('Filter 1 field')).toContain('Initiated by (user UPN)');
  });

  it('switches what the variable lists and says where values come from', async () => {
    const last = setup();
    expect(screen.getByText(/Narrow the list by service/)).toBeInTheDocument();
    await pickOption(/^List/, 'Initiators');
    expect(last()).toEqual({ refId: 'variable', kind: 'initiators', filters: [] });
    expect(screen.getByText(/events in the dashboard's time range/)).toBeInTheDocument();
  });

  it('narrows with the same filter rows as a query', async () => {
    const last = setup({ kind: 'activities' });
    fireEvent.click(screen.getByTestId(selectors.query.addFilter));
    await pickOption('Filter 1 values', 'PIM');
    expect(last()).toEqual({
      refId: 'variable',
      kind: 'activities',
      filters: [{ field: 'service', operator: 'eq', values: ['PIM'] }],
    });
  });
});
