import { DEFAULT_THROTTLE_GIVE_UP_MINUTES, MAX_THROTTLE_GIVE_UP_MINUTES, resolveSettings } from './settings';

describe('throttleGiveUpMinutes', () => {
  it.each([
    [undefined, DEFAULT_THROTTLE_GIVE_UP_MINUTES],
    [0, DEFAULT_THROTTLE_GIVE_UP_MINUTES],
    [-3, DEFAULT_THROTTLE_GIVE_UP_MINUTES],
    [25, 25],
    [100_000, MAX_THROTTLE_GIVE_UP_MINUTES],
  ])('stored %p resolves to %p minutes', (stored, minutes) => {
    expect(resolveSettings({ throttleGiveUpMinutes: stored }).throttleGiveUpMinutes).toBe(minutes);
  });
});
