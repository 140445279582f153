import { AUDIT_ACTIVITIES } from '../../src/core/catalogue/activities';
import { ACTIVITY_MIX, EMULATED_ACTIVITIES, findEmulatedActivity } from './activityMix';

describe("the emulator's activity mix", () => {
  it('gives every catalogue activity, in catalogue order, a usable weight, failure rate and initiator', () => {
    expect(EMULATED_ACTIVITIES.map((a) => a.activityDisplayName)).toEqual(
      AUDIT_ACTIVITIES.map((a) => a.activityDisplayName)
    );
    for (const activity of EMULATED_ACTIVITIES) {
      expect(activity.weight).toBeGreaterThan(0);
      expect(activity.failureRate).toBeGreaterThanOrEqual(0);
      expect(activity.failureRate).toBeLessThanOrEqual(1);
      expect(['user', 'app', 'either']).toContain(activity.initiator);
    }
  });

  it('names no activity the catalogue lacks (a renamed activity would silently lose its mix)', () => {
    const catalogue = new Set(AUDIT_ACTIVITIES.map((a) => a.activityDisplayName));
    expect(Object.keys(ACTIVITY_MIX).filter((name) => !catalogue.has(name))).toEqual([]);
  });

  it('keeps the catalogue fields and adds the mix', () => {
    expect(findEmulatedActivity('Add user')).toEqual({
      activityDisplayName: 'Add user',
      category: 'UserManagement',
      loggedByService: 'Core Directory',
      operationType: 'Add',
      targetType: 'User',
      weight: 30,
      failureRate: 0.03,
      initiator: 'either',
    });
  });
});
