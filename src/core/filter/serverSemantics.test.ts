import { auditEvent } from '../frames/testEvents';
import { FilterCondition } from '../model/query';
import { keptByServer, serverKeeps } from './serverSemantics';

const event = auditEvent('1', '2026-11-20T10:00:00Z', {
  activity: 'Add user',
  initiatorUpn: 'Admin@Contoso.com',
  initiatorAppName: '',
  targets: [
    { id: 't1', displayName: 'Jo', type: 'User', userPrincipalName: 'jo@contoso.com' },
    { id: 't2', displayName: '', type: 'User', userPrincipalName: 'kim@contoso.com' },
  ],
});
const row = (
  field: FilterCondition['field'],
  operator: FilterCondition['operator'],
  value: string
): FilterCondition => ({
  field,
  operator,
  values: [value],
});

describe('serverKeeps: what Graph keeps, when case cannot change the answer', () => {
  it.each([
    [row('activity', 'eq', 'Add user'), true],
    [row('activity', 'eq', 'Delete user'), false],
    [row('activity', 'startsWith', 'Add'), true],
    [row('activity', 'startsWith', 'user'), false],
    [row('initiatorUpn', 'eq', 'Admin@Contoso.com'), true],
    [row('targetName', 'eq', 'Jo'), true],
    [row('targetName', 'startsWith', 'J'), true],
  ])('%j → %s', (condition, kept) => {
    expect(serverKeeps(condition, event)).toBe(kept);
  });

  it.each([
    // Equal but for letter case: Graph's rule is undocumented (the emulator compares exactly).
    row('activity', 'eq', 'add user'),
    row('activity', 'startsWith', 'ADD'),
    row('initiatorUpn', 'eq', 'admin@contoso.com'),
    // Graph never matches a missing value, which normalising turns into ''.
    row('initiatorAppName', 'eq', ''),
    row('activity', 'startsWith', ''),
    // Graph is never sent these (issue 17), so what it would keep is unknown.
    row('activity', 'ne', 'Delete user'),
    row('activity', 'contains', 'user'),
    row('activity', 'notContains', 'group'),
  ])('%j → undecided', (condition) => {
    expect(serverKeeps(condition, event)).toBeUndefined();
  });

  it('compares target names by displayName only, as targetResources/any(t: t/displayName ...) does', () => {
    // The plugin-side matcher falls back to the UPN for a target without a name; Graph does not.
    expect(serverKeeps(row('targetName', 'eq', 'kim@contoso.com'), event)).toBe(false);
  });

  it('keptByServer ANDs rows, and any undecided event makes the whole answer undecided', () => {
    const other = auditEvent('2', '2026-11-20T10:01:00Z', { activity: 'Add member to group' });
    const lower = auditEvent('3', '2026-11-20T10:02:00Z', { activity: 'add user' });
    expect(
      keptByServer([row('activity', 'startsWith', 'Add'), row('service', 'eq', 'Core Directory')], [event, other])
    ).toEqual([event, other]);
    expect(keptByServer([row('activity', 'eq', 'Add user')], [event, other])).toEqual([event]);
    expect(keptByServer([row('activity', 'eq', 'Add user')], [event, lower])).toBeUndefined();
    // A row that already rules an event out settles it, whatever a later row would say.
    expect(keptByServer([row('service', 'eq', 'Other'), row('activity', 'eq', 'Add user')], [lower])).toEqual([]);
  });
});
