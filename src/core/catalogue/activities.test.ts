import { ACTIVITY_NAMES, AUDIT_ACTIVITIES, CATEGORIES, findActivity, legacyCategoryOf, SERVICES } from './activities';

describe('the audit activity catalogue', () => {
  it('covers at least 40 activities over 8 categories and 6 services', () => {
    expect(ACTIVITY_NAMES.length).toBeGreaterThanOrEqual(40);
    expect(CATEGORIES.length).toBeGreaterThanOrEqual(8);
    expect(SERVICES.length).toBeGreaterThanOrEqual(6);
  });

  it('names every activity once, without stray whitespace', () => {
    expect(ACTIVITY_NAMES).toHaveLength(AUDIT_ACTIVITIES.length);
    for (const name of ACTIVITY_NAMES) {
      expect(name).toBe(name.trim());
    }
  });

  it('keeps Microsoft spelling, en dash included', () => {
    expect(findActivity('Update application – Certificates and secrets management')).toMatchObject({
      category: 'ApplicationManagement',
      loggedByService: 'Core Directory',
    });
    expect(findActivity('Update application - Certificates and secrets management')).toBeUndefined();
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
