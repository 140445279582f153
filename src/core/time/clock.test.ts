import { realClock } from './clock';
import { ManualClock } from './manualClock';

describe('ManualClock', () => {
  it('starts at the given instant and only moves when advanced', async () => {
    const clock = new ManualClock('2026-11-20T12:00:00Z');
    expect(clock.now()).toBe(Date.parse('2026-11-20T12:00:00Z'));
    await clock.advance(1500);
    expect(clock.now()).toBe(Date.parse('2026-11-20T12:00:01.500Z'));
  });

  it('wakes sleepers in wake-time order, each at its own instant', async () => {
    const clock = new ManualClock(0);
    const woke: Array<[string, number]> = [];
    clock.sleep(300).then(() => woke.push(['late', clock.now()]));
    clock.sleep(100).then(() => woke.push(['early', clock.now()]));
    await clock.advance(200);
    expect(woke).toEqual([['early', 100]]);
    await clock.advance(200);
    expect(woke).toEqual([
      ['early', 100],
      ['late', 300],
    ]);
    expect(clock.now()).toBe(400);
  });

  it('rejects a sleeper whose signal aborts, and forgets it', async () => {
    const clock = new ManualClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(1000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toMatchObject({ name: 'AbortError' });
    expect(clock.pendingWakeTimes()).toEqual([]);
  });

  it('advanceToNextWake jumps exactly to the soonest sleeper', async () => {
    const clock = new ManualClock(1000);
    let woke = false;
    clock.sleep(2128).then(() => (woke = true));
    expect(await clock.advanceToNextWake()).toBe(true);
    expect(woke).toBe(true);
    expect(clock.now()).toBe(3128);
    expect(await clock.advanceToNextWake()).toBe(false);
  });
});

describe('realClock', () => {
  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(realClock.sleep(60_000, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reports wall-clock time', () => {
    const before = Date.now();
    const now = realClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
  });
});
