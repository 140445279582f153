import names from '../../../conformance/tables/activity-names.json';
import { matchKey } from '../filter/matchKey';
import { FilterCondition } from '../model/query';
import { loggedSpellings, serverForm } from './activitySpellings';

const activity = (value: string, operator: FilterCondition['operator'] = 'eq'): FilterCondition => ({
  field: 'activity',
  operator,
  values: [value],
});

/** What Graph keeps, compared exactly (as the emulator does). */
function graphKeeps(asked: FilterCondition, logged: string): boolean {
  return asked.operator === 'eq' ? logged === asked.values[0] : logged.startsWith(asked.values[0]);
}

/** Ways a person types a logged name: lower case, capitals, a hyphen for any dash, no surrounding space. */
function typings(name: string): string[] {
  const hyphen = name.replace(/[\u2013\u2014]/g, '-');
  return [name, name.toLowerCase(), name.toUpperCase(), hyphen.trim(), ` ${hyphen.toLowerCase()}\t`];
}

describe('serverForm: an activity row asks Graph for the spelling tenants log', () => {
  const spellings = names.activities.flatMap((a) => [a.name, ...a.alsoLoggedAs]);

  it.each(spellings)('never keeps fewer events than the plugin for %j however it is typed', (logged) => {
    for (const typed of typings(logged)) {
      const { condition, recheck } = serverForm(activity(typed));
      expect([typed, condition !== undefined && graphKeeps(condition, logged)]).toEqual([typed, true]);
      // Without a check in the plugin, Graph must keep exactly what the plugin's match keeps.
      if (!recheck) {
        expect(matchKey(condition!.values[0])).toBe(matchKey(typed));
      }
    }
  });

  it('asks for the credential activity with its en dash and trailing space, with no check after', () => {
    expect(serverForm(activity('update application - certificates and secrets management'))).toEqual({
      condition: activity('Update application \u2013 Certificates and secrets management '),
      recheck: false,
    });
  });

  it('asks for the common start of a name logged in two spellings, and checks it after', () => {
    expect(loggedSpellings('ADD CONDITIONAL ACCESS POLICY')).toEqual([
      'Add conditional access policy',
      'Add Conditional Access policy',
    ]);
    expect(serverForm(activity('add conditional access policy'))).toEqual({
      condition: activity('Add ', 'startsWith'),
      recheck: true,
    });
  });

  it.each([
    ['add servce principal', 'eq', { condition: activity('Add', 'startsWith'), recheck: true }],
    ['upd', 'startsWith', { condition: activity('Upd', 'startsWith'), recheck: true }],
    ['Update', 'startsWith', { condition: activity('Update', 'startsWith'), recheck: false }],
    ['update application \u2013', 'startsWith', { condition: activity('Update', 'startsWith'), recheck: true }],
    ['365 - export', 'eq', { condition: activity('365', 'startsWith'), recheck: true }],
    ['GroupLifecyclePolicies_Get', 'eq', { recheck: true }],
    ['\u00dcnknown \u2013 T\u00e4tigkeit', 'eq', { recheck: true }],
    ['  ', 'eq', { recheck: true }],
  ] as const)('asks for %j (%s) as %j', (typed, operator, form) => {
    expect(serverForm(activity(typed, operator))).toEqual(form);
  });

  it('leaves other fields and rows of several values as they are', () => {
    const row: FilterCondition = { field: 'service', operator: 'eq', values: ['core directory'] };
    expect(serverForm(row)).toEqual({ condition: row, recheck: false });
    const several: FilterCondition = { field: 'activity', operator: 'eq', values: ['Add user', 'Delete user'] };
    expect(serverForm(several)).toEqual({ condition: several, recheck: false });
  });
});
