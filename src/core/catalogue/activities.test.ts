import names from '../../../conformance/tables/activity-names.json';
import {
  ACTIVITY_NAMES,
  APP_CREDENTIALS_ACTIVITY,
  AUDIT_ACTIVITIES,
  CATEGORIES,
  findActivity,
  legacyCategoryOf,
  SERVICES,
} from './activities';

describe('the audit activity catalogue', () => {
  it('covers at least 40 activities over 8 categories and 6 services', () => {
    expect(ACTIVITY_NAMES.length).toBeGreaterThanOrEqual(40);
    expect(CATEGORIES.length).toBeGreaterThanOrEqual(8);
    expect(SERVICES.length).toBeGreaterThanOrEqual(6);
  });

  it('names every activity once', () => {
    expect(ACTIVITY_NAMES).toHaveLength(AUDIT_ACTIVITIES.length);
  });

  it('holds the names, categories and services of the activity-names table, each with its source', () => {
    const table = new Map(names.activities.map((a) => [a.name, a]));
    for (const activity of AUDIT_ACTIVITIES) {
      expect([activity.activityDisplayName, table.get(activity.activityDisplayName)]).toEqual([
        activity.activityDisplayName,
        expect.objectContaining({ category: activity.category, service: activity.loggedByService }),
      ]);
    }
    for (const row of names.activities) {
      expect([row.name, row.source.length > 0]).toEqual([row.name, true]);
    }
  });

  it('keeps Microsoft spelling: the credential activity with its en dash and trailing space', () => {
    expect(APP_CREDENTIALS_ACTIVITY).toHaveLength(57);
    expect(APP_CREDENTIALS_ACTIVITY.charCodeAt(19)).toBe(0x2013);
    expect(findActivity(APP_CREDENTIALS_ACTIVITY)).toMatchObject({
      category: 'ApplicationManagement',
      loggedByService: 'Core Directory',
    });
    expect(findActivity('Update application - Certificates and secrets management')).toBeUndefined();
    expect(findActivity('Add service principal credentials')).toMatchObject({ category: 'ApplicationManagement' });
  });

  it('holds only what the plugin shows: names and their Graph fields, no emulator mix', () => {
    for (const activity of AUDIT_ACTIVITIES) {
      expect(Object.keys(activity).sort()).toEqual([
        'activityDisplayName',
        'category',
        'loggedByService',
        'operationType',
        'targetType',
      ]);
    }
  });

  it.each([
    ['Core Directory', 'Directory'],
    ['Self-service Password Management', 'SSPR'],
    ['Account Provisioning', 'Sync'],
    ['PIM', 'Directory'],
  ])('maps the service %s to the legacy category %s', (service, legacy) => {
    expect(legacyCategoryOf(service)).toBe(legacy);
  });
});
