import { ALL_VALUES } from './query';
import { describeQuery } from './describeQuery';

describe('describeQuery', () => {
  it('names the format, grouping, filters and raw clause', () => {
    expect(
      describeQuery({
        refId: 'A',
        format: 'summary',
        groupBy: 'initiatedBy',
        topN: 5,
        filters: [
          { field: 'result', operator: 'eq', values: ['failure', 'timeout'] },
          { field: 'category', operator: 'eq', values: [ALL_VALUES] },
        ],
        rawFilter: " loggedByService eq 'B2C' ",
      })
    ).toBe("Summary by initiated by, top 5 · result eq 'failure' or 'timeout' · (loggedByService eq 'B2C')");
  });

  it('names the second grouping and negative rows (issue 17)', () => {
    expect(
      describeQuery({
        refId: 'A',
        format: 'alertNumbers',
        groupBy: 'initiatedBy',
        secondGroupBy: 'targetName',
        filters: [{ field: 'initiatedBy', operator: 'ne', values: ['MS-PIM', 'MS-PIM-Fairfax'] }],
      })
    ).toBe("Alert numbers by initiated by then target name · initiatedBy ne 'MS-PIM' nor 'MS-PIM-Fairfax'");
  });

  it('keeps a plain query short', () => {
    expect(describeQuery({ refId: 'A', format: 'timeSeries', groupBy: 'activity', filters: [] })).toBe(
      'Time series by activity'
    );
  });
});
