import { ALL_VALUES } from '../core/model/query';
import { catalogueValues } from './variablesCatalogue';

describe('catalogueValues', () => {
  it('lists every service, category and activity once', () => {
    const services = catalogueValues('services');
    expect(services).toContain('Core Directory');
    expect(new Set(services).size).toBe(services.length);
    expect(catalogueValues('categories')).toContain('RoleManagement');
    expect(catalogueValues('activities')).toContain('Add user');
  });

  it('narrows activities by service and category, case-insensitively', () => {
    expect(
      catalogueValues('activities', [{ field: 'service', operator: 'eq', values: ['conditional access'] }])
    ).toEqual([
      'Add conditional access policy',
      'Update conditional access policy',
      'Delete conditional access policy',
    ]);
    const both = catalogueValues('activities', [
      { field: 'service', operator: 'eq', values: ['Core Directory'] },
      { field: 'category', operator: 'eq', values: ['UserManagement'] },
      { field: 'operationType', operator: 'eq', values: ['Delete'] },
    ]);
    expect(both).toEqual(expect.arrayContaining(['Delete user', 'Hard delete user']));
    expect(both).not.toContain('Add user');
  });

  it('ORs the values of a row and honours starts-with', () => {
    expect(
      catalogueValues('services', [
        { field: 'activity', operator: 'startsWith', values: ['Add conditional', 'Invite'] },
      ])
    ).toEqual(['Invited Users', 'Conditional Access']);
  });

  it.each([
    ['All', [ALL_VALUES]],
    ['an unresolved variable', ['$category']],
    ['no values yet', []],
  ])('is not narrowed by %s', (_, values) => {
    expect(catalogueValues('categories', [{ field: 'category', operator: 'eq', values }])).toEqual(
      catalogueValues('categories')
    );
  });

  it('ignores fields the catalogue does not know', () => {
    expect(catalogueValues('services', [{ field: 'initiatorUpn', operator: 'eq', values: ['a@b'] }])).toEqual(
      catalogueValues('services')
    );
  });
});
