import React from 'react';
import { CoreApp } from '@grafana/data';
import { fireEvent, render, screen, within } from '@testing-library/react';

import { AuditQuery } from '../core/model/query';
import { selectors } from './selectors';
import { installDomPolyfills } from './testing/domPolyfills';
import { QueryHarness } from './testing/queryHarness';
import { optionLabels, pickerInput, pickOption, typeCustomValue } from './testing/selectHelpers';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => ({ getVariables: () => [{ name: 'activity' }, { name: 'initiator' }] }),
}));

installDomPolyfills();
// @grafana/ui's Combobox renders slowly in jsdom (seconds per filter row on a loaded machine); nothing waits on a clock.
jest.setTimeout(30_000);

function setup(initial: Partial<AuditQuery> = {}) {
  const onChange = jest.fn<void, [AuditQuery]>();
  const onRunQuery = jest.fn();
  render(<QueryHarness initial={{ refId: 'A', ...initial }} onChange={onChange} onRunQuery={onRunQuery} />);
  const last = () => onChange.mock.calls[onChange.mock.calls.length - 1][0];
  return { onChange, onRunQuery, last };
}

function blurWith(testId: string, value: string) {
  const input = screen.getByTestId(testId);
  fireEvent.change(input, { target: { value } });
  fireEvent.blur(input);
}

const conditionRow = (format = 'timeSeries') => ({ format, groupBy: 'activity', filters: [], bucket: 'auto' });

describe('QueryEditor: defaults and grouping', () => {
  it('shows a useful chart for an empty query: time series by activity, auto buckets', () => {
    setup();
    expect(screen.getByLabelText('Time series')).toBeChecked();
    expect(screen.getByTestId(selectors.query.groupBy)).toHaveValue('Activity');
    expect(screen.getByTestId(selectors.query.bucket)).toHaveAttribute('placeholder', 'auto');
  });

  it('changes the format and runs the query; raw-event formats hide grouping', () => {
    const { last, onRunQuery } = setup();
    fireEvent.click(screen.getByLabelText('Logs'));
    expect(last()).toMatchObject(conditionRow('logs'));
    expect(onRunQuery).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId(selectors.query.groupBy)).not.toBeInTheDocument();
    expect(screen.queryByTestId(selectors.query.bucket)).not.toBeInTheDocument();
    fireEvent.click(screen.getByLabelText('Alert numbers'));
    expect(last().format).toBe('alertNumbers');
    expect(screen.getByTestId(selectors.query.groupBy)).toBeInTheDocument();
  });

  it('changes the grouping and drops groups named for the old one', async () => {
    const { last } = setup({ groups: ['Add user'] });
    await pickOption('Group by', 'Service');
    expect(last().groupBy).toBe('service');
    expect(last().groups).toBeUndefined();
  });
});

describe('QueryEditor: output options', () => {
  it('groups by a second field, never the first, and drops it when the first becomes it (issue 17)', async () => {
    const { last } = setup({ groups: ['Add user'] });
    expect(await optionLabels('Then by')).not.toContain('Activity');
    fireEvent.keyDown(screen.getByLabelText('Then by'), { key: 'Escape' });
    await pickOption('Then by', 'Target name');
    expect(last()).toMatchObject({ groupBy: 'activity', secondGroupBy: 'targetName', groups: ['Add user'] });
    await pickOption('Group by', 'Target name');
    expect(last().groupBy).toBe('targetName');
    expect(last().secondGroupBy).toBeUndefined();
  });

  it('stores a bucket width and refuses one it cannot read', () => {
    const { onChange, last } = setup();
    blurWith(selectors.query.bucket, '15m');
    expect(last().bucket).toBe('15m');
    const calls = onChange.mock.calls.length;
    blurWith(selectors.query.bucket, 'fifteen');
    expect(screen.getByText(/"fifteen" is not a bucket width/)).toBeInTheDocument();
    expect(onChange.mock.calls.length).toBe(calls);
    blurWith(selectors.query.bucket, '');
    expect(last().bucket).toBe('auto');
  });

  it('stores top N and clears it', () => {
    const { last } = setup({ format: 'summary' });
    blurWith(selectors.query.topN, '5');
    expect(last().topN).toBe(5);
    blurWith(selectors.query.topN, '2.5');
    expect(screen.getByText(/"2.5" is not a whole number above zero/)).toBeInTheDocument();
    blurWith(selectors.query.topN, '');
    expect(last().topN).toBeUndefined();
  });

  it('names groups to always report, from the catalogue or typed', async () => {
    const { last } = setup({ format: 'alertNumbers', groupBy: 'result' });
    await pickOption('Always report', 'failure');
    expect(last().groups).toEqual(['failure']);
    await typeCustomValue('Always report', 'unknownFutureValue');
    expect(last().groups).toEqual(['failure', 'unknownFutureValue']);
  });

  it('stores the expert $filter on blur, trimmed, and clears it when emptied', () => {
    const { last, onChange } = setup();
    blurWith(selectors.query.rawFilter, "  initiatedBy/app/displayName eq 'Sync'  ");
    expect(last().rawFilter).toBe("initiatedBy/app/displayName eq 'Sync'");
    const calls = onChange.mock.calls.length;
    fireEvent.blur(screen.getByTestId(selectors.query.rawFilter));
    expect(onChange.mock.calls.length).toBe(calls);
    blurWith(selectors.query.rawFilter, ' ');
    expect(last().rawFilter).toBeUndefined();
  });
});

describe('QueryEditor: alert rules', () => {
  it('warns when an alert rule is given a format it cannot evaluate', () => {
    const onChange = jest.fn();
    render(
      <QueryHarness
        initial={{ refId: 'A', format: 'events' }}
        onChange={onChange}
        onRunQuery={jest.fn()}
        app={CoreApp.UnifiedAlerting}
      />
    );
    expect(screen.getByTestId(selectors.query.alertFormatWarning)).toHaveTextContent('choose Alert numbers');
    fireEvent.click(screen.getByLabelText('Alert numbers'));
    expect(screen.queryByTestId(selectors.query.alertFormatWarning)).not.toBeInTheDocument();
  });

  it('says nothing about formats on a dashboard', () => {
    setup({ format: 'events' });
    expect(screen.queryByTestId(selectors.query.alertFormatWarning)).not.toBeInTheDocument();
  });
});

describe('QueryEditor: filters', () => {
  it('adds a row starting with the first filter of the admin center, Service, and runs once it has a value', async () => {
    const { last, onRunQuery } = setup();
    fireEvent.click(screen.getByTestId(selectors.query.addFilter));
    expect(last().filters).toEqual([{ field: 'service', operator: 'eq', values: [] }]);
    await pickOption('Filter 1 field', 'Category');
    expect(onRunQuery).not.toHaveBeenCalled();
    await pickOption('Filter 1 values', 'Policy');
    expect(last().filters).toEqual([{ field: 'category', operator: 'eq', values: ['Policy'] }]);
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('picks values from the catalogue and ORs them in one row', async () => {
    const { last } = setup({ filters: [{ field: 'service', operator: 'eq', values: [] }] });
    await pickOption('Filter 1 values', 'Conditional Access');
    await pickOption('Filter 1 values', 'PIM');
    expect(last().filters).toEqual([{ field: 'service', operator: 'eq', values: ['Conditional Access', 'PIM'] }]);
  });

  it('narrows the activities to the chosen service, like the admin center', async () => {
    setup({
      filters: [
        { field: 'service', operator: 'eq', values: ['Conditional Access'] },
        { field: 'activity', operator: 'eq', values: [] },
      ],
    });
    expect(await optionLabels('Filter 2 values')).toEqual([
      'Add conditional access policy',
      'Update conditional access policy',
      'Delete conditional access policy',
      '$activity',
      '$initiator',
    ]);
  });

  it('switches the field, resetting values and choosing that field’s usual operator', async () => {
    const { last } = setup({ filters: [{ field: 'service', operator: 'eq', values: ['PIM'] }] });
    await pickOption('Filter 1 field', 'Initiated by (user UPN)');
    expect(last().filters).toEqual([{ field: 'initiatorUpn', operator: 'startsWith', values: [] }]);
  });

  it('takes typed values, dashboard variables and the operator', async () => {
    const { last } = setup({ filters: [{ field: 'initiatorUpn', operator: 'eq', values: [] }] });
    await typeCustomValue('Filter 1 values', 'admin@');
    await pickOption('Filter 1 values', '$initiator');
    fireEvent.click(within(screen.getByTestId(selectors.query.filterRow(0))).getByLabelText('starts with'));
    expect(last().filters).toEqual([
      { field: 'initiatorUpn', operator: 'startsWith', values: ['admin@', '$initiator'] },
    ]);
  });
});

describe('QueryEditor: removing and keeping filter rows', () => {
  it('offers is not, contains and does not contain (issue 17)', () => {
    const { last } = setup({ filters: [{ field: 'initiatedBy', operator: 'eq', values: ['MS-PIM'] }] });
    const row = within(screen.getByTestId(selectors.query.filterRow(0)));
    fireEvent.click(row.getByLabelText('is not'));
    expect(last().filters).toEqual([{ field: 'initiatedBy', operator: 'ne', values: ['MS-PIM'] }]);
    fireEvent.click(row.getByLabelText('does not contain'));
    expect(last().filters[0].operator).toBe('notContains');
    fireEvent.click(row.getByLabelText('contains'));
    expect(last().filters[0].operator).toBe('contains');
  });

  it('removes a row and ANDs the rest', () => {
    const { last } = setup({
      filters: [
        { field: 'result', operator: 'eq', values: ['failure'] },
        { field: 'category', operator: 'eq', values: ['RoleManagement'] },
      ],
    });
    fireEvent.click(screen.getByLabelText('Remove filter 1'));
    expect(last().filters).toEqual([{ field: 'category', operator: 'eq', values: ['RoleManagement'] }]);
  });

  it('keeps a stored value the catalogue does not know', () => {
    setup({ filters: [{ field: 'activity', operator: 'eq', values: ['Some activity Microsoft added later'] }] });
    expect(screen.getByText('Some activity Microsoft added later')).toBeInTheDocument();
  });
});

describe('QueryEditor on the legacy Azure AD Graph API', () => {
  function setupLegacy(api: 'legacy' | 'msgraph-v1', initial: Partial<AuditQuery> = {}) {
    const onChange = jest.fn<void, [AuditQuery]>();
    render(<QueryHarness initial={{ refId: 'A', ...initial }} api={api} onChange={onChange} onRunQuery={jest.fn()} />);
    return () => onChange.mock.calls[onChange.mock.calls.length - 1][0];
  }

  it('offers activity type as a grouping and a filter field', async () => {
    const last = setupLegacy('legacy', { filters: [{ field: 'category', operator: 'eq', values: [] }] });
    expect(await optionLabels('Group by')).toContain('Activity type');
    await pickOption('Group by', 'Activity type');
    expect(last().groupBy).toBe('activityType');
    await pickOption('Filter 1 field', 'Activity type (legacy API)');
    expect(last().filters).toEqual([{ field: 'activityType', operator: 'eq', values: [] }]);
  });

  it('does not offer activity type on Microsoft Graph, where it is always empty', async () => {
    setupLegacy('msgraph-v1', { filters: [{ field: 'category', operator: 'eq', values: [] }] });
    expect(await optionLabels('Group by')).not.toContain('Activity type');
    fireEvent.keyDown(pickerInput('Group by'), { key: 'Escape' });
    expect(await optionLabels('Filter 1 field')).not.toContain('Activity type (legacy API)');
  });
});
