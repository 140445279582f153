import { AuditEvent } from '../model/event';
import { matchesAll } from './matchConditions';

const event = {
  id: '1',
  time: 0,
  activity: 'Add user',
  category: 'UserManagement',
  service: 'Core Directory',
  result: 'failure',
  operationType: 'Add',
  correlationId: 'c-1',
  targets: [
    { id: 't1', displayName: 'Jo', type: 'User', userPrincipalName: 'jo@contoso.com' },
    { id: 't2', displayName: 'Finance', type: 'Group', userPrincipalName: '' },
  ],
} as AuditEvent;

describe('matchesAll', () => {
  it.each([
    [[{ field: 'category', operator: 'eq', values: ['usermanagement'] }], true],
    [[{ field: 'result', operator: 'eq', values: ['success', 'failure'] }], true],
    [[{ field: 'result', operator: 'eq', values: ['success', 'timeout'] }], false],
    [[{ field: 'targetType', operator: 'eq', values: ['Group'] }], true],
    [[{ field: 'targetName', operator: 'startsWith', values: ['fin'] }], true],
    [[{ field: 'activity', operator: 'startsWith', values: ['Delete'] }], false],
    [
      [
        { field: 'category', operator: 'eq', values: ['UserManagement'] },
        { field: 'operationType', operator: 'eq', values: ['Delete'] },
      ],
      false,
    ],
    [[], true],
  ])('%j → %s', (conditions, expected) => {
    expect(matchesAll(conditions as never, event)).toBe(expected);
  });
});
