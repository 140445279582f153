import { AuditQuery } from '../model/query';
import { validateQuery } from './validateQuery';

const valid: AuditQuery = { refId: 'A', format: 'summary', groupBy: 'activity', filters: [] };

describe('validateQuery', () => {
  it('accepts every documented shape', () => {
    expect(() =>
      validateQuery({
        ...valid,
        topN: 5,
        groups: ['Add user'],
        filters: [{ field: 'targetType', operator: 'startsWith', values: ['Us'] }],
      })
    ).not.toThrow();
  });

  it.each([
    [{ format: 'table' }, /format "table" is unknown/],
    [{ groupBy: 'ipAddress' }, /Group by "ipAddress" is unknown/],
    [{ filters: 'x' }, /must be a list of filter rows/],
    [{ filters: [{ field: 'sourceIp', operator: 'eq', values: ['1'] }] }, /Filter row 1 filters on "sourceIp"/],
    [
      { filters: [{ field: 'result', operator: 'gt', values: ['success'] }] },
      /operator "gt". Use one of: eq, ne, startsWith, contains, notContains/,
    ],
    [{ filters: [{ field: 'result', operator: 'eq', values: [1] }] }, /values as text/],
    [{ topN: -1 }, /Top N must be a whole number/],
    [{ topN: 2.5 }, /Top N must be a whole number/],
    [{ groups: 'Add user' }, /named groups must be a list/],
    [{ secondGroupBy: 'ipAddress' }, /second group by "ipAddress" is unknown/],
    [{ groupBy: 'targetName', secondGroupBy: 'targetName' }, /second group by repeats the first \(targetName\)/],
  ])('rejects %j', (overrides, message) => {
    expect(() => validateQuery({ ...valid, ...(overrides as object) } as AuditQuery)).toThrow(message);
  });
});
