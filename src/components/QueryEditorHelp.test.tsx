import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { ACTIVITY_NAMES, CATEGORIES, RESULTS, SERVICES } from '../core/catalogue/activities';
import { AuditQuery } from '../core/model/query';
import { QUERY_EXAMPLES } from './query/examples';
import { FILTER_FIELDS, GROUP_BY_OPTIONS, OPERATOR_OPTIONS } from './query/options';
import { QueryEditorHelp } from './QueryEditorHelp';
import { installDomPolyfills } from './testing/domPolyfills';

installDomPolyfills();

const CATALOGUE: Record<string, readonly string[]> = {
  activity: ACTIVITY_NAMES,
  category: CATEGORIES,
  service: SERVICES,
  result: RESULTS,
};

describe('QueryEditorHelp', () => {
  it('hands the chosen example to the editor under the current refId', () => {
    const onClickExample = jest.fn();
    render(
      <QueryEditorHelp datasource={{} as never} query={{ refId: 'B' } as AuditQuery} onClickExample={onClickExample} />
    );
    const index = QUERY_EXAMPLES.findIndex((e) => e.title === 'Failed changes by service');
    fireEvent.click(screen.getAllByRole('button', { name: 'Use this query' })[index]);
    expect(onClickExample).toHaveBeenCalledWith({
      refId: 'B',
      format: 'timeSeries',
      groupBy: 'service',
      filters: [{ field: 'result', operator: 'eq', values: ['failure'] }],
      bucket: 'auto',
    });
    expect(screen.getByText('Format: Time series · group by service · Status is failure')).toBeInTheDocument();
  });

  it('names the new operators and the second group-by in its summary (issue 17)', () => {
    render(
      <QueryEditorHelp datasource={{} as never} query={{ refId: 'A' } as AuditQuery} onClickExample={jest.fn()} />
    );
    expect(
      screen.getByText(
        'Format: Alert numbers · group by initiatedBy then targetName · Activity is Add member to role · Initiated by (UPN or app name) is not MS-PIM'
      )
    ).toBeInTheDocument();
  });

  it.each(QUERY_EXAMPLES.map((e) => [e.title, e]))('%s uses only what the editor offers', (_, example) => {
    expect(GROUP_BY_OPTIONS.map((o) => o.value)).toContain(example.query.groupBy);
    if (example.query.secondGroupBy) {
      expect(GROUP_BY_OPTIONS.map((o) => o.value)).toContain(example.query.secondGroupBy);
    }
    for (const row of example.query.filters) {
      expect(OPERATOR_OPTIONS.map((o) => o.value)).toContain(row.operator);
      expect(FILTER_FIELDS[row.field]).toBeDefined();
      const known = CATALOGUE[row.field];
      if (known) {
        expect(known).toEqual(expect.arrayContaining(row.values));
      }
    }
    for (const group of example.query.groups ?? []) {
      expect(ACTIVITY_NAMES).toContain(group);
    }
  });
});
