import { DEFAULT_THROTTLE_GIVE_UP_MINUTES, MAX_THROTTLE_GIVE_UP_MINUTES, resolveSettings } from './settings';
import { validateSettings } from './validateSettings';

const base = { tenantId: 'contoso.onmicrosoft.com', clientId: 'c' };

describe('throttleGiveUpMinutes', () => {
  it.each([
    [undefined, DEFAULT_THROTTLE_GIVE_UP_MINUTES],
    [null, DEFAULT_THROTTLE_GIVE_UP_MINUTES],
    [1, 1],
    [25, 25],
    [MAX_THROTTLE_GIVE_UP_MINUTES, MAX_THROTTLE_GIVE_UP_MINUTES],
  ])('stored %p resolves to %p minutes', (stored, minutes) => {
    const settings = resolveSettings({ ...base, throttleGiveUpMinutes: stored as number | undefined });
    expect(settings.storedProblem).toBeUndefined();
    expect(settings.throttleGiveUpMinutes).toBe(minutes);
  });

  // Once clamped or replaced silently; now refused, naming the setting (validation vectors: settings.json).
  it.each([0, -3, 61, 100_000, 2.5, '10'])('stored %p is refused, naming the setting', (stored) => {
    const problem = validateSettings(resolveSettings({ ...base, throttleGiveUpMinutes: stored as number }));
    expect(problem).toMatchObject({ code: 'invalidSettings', rule: 'badThrottleGiveUpMinutes' });
    expect(problem?.message).toContain('throttleGiveUpMinutes');
  });
});
