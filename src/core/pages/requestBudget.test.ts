import { ManualClock } from '../time/manualClock';
import { RequestBudget, RequestSlot } from './requestBudget';

const START = Date.parse('2026-11-20T12:00:00Z');

/** Records when each acquire was granted, relative to START. */
function grantLog(budget: RequestBudget, clock: ManualClock) {
  const granted: Array<{ name: string; at: number; slot: RequestSlot }> = [];
  const ask = (name: string, signal?: AbortSignal) =>
    budget.acquire(clock, signal).then((slot) => {
      granted.push({ name, at: clock.now() - START, slot });
      return slot;
    });
  return { granted, ask };
}

describe('RequestBudget', () => {
  it('holds a place in the window until perMs after the answer arrived, not after sending', async () => {
    const clock = new ManualClock(START);
    const budget = new RequestBudget(2, 10_000);
    const { granted, ask } = grantLog(budget, clock);
    const first = ask('a');
    const second = ask('b');
    void ask('c');
    await clock.advance(0);
    expect(granted.map((g) => g.name)).toEqual(['a', 'b']);
    // Answers take 3 s and 1 s: Graph may have counted them any time in between.
    await clock.advance(1_000);
    (await second).done();
    await clock.advance(2_000);
    (await first).done();
    await clock.advance(7_999);
    expect(granted).toHaveLength(2);
    await clock.advance(1);
    expect(granted.map((g) => [g.name, g.at])).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 11_000],
    ]);
  });

  it('never lets a request out while every place is held by one still in flight', async () => {
    const clock = new ManualClock(START);
    const budget = new RequestBudget(1, 10_000);
    const { granted, ask } = grantLog(budget, clock);
    const first = ask('a');
    void ask('b');
    await clock.advance(0);
    await clock.advance(60_000);
    expect(granted.map((g) => g.name)).toEqual(['a']);
    (await first).done();
    await clock.advance(10_000);
    expect(granted.map((g) => [g.name, g.at])).toEqual([
      ['a', 0],
      ['b', 70_000],
    ]);
  });

  it("pauses everyone for a 429's Retry-After: someone else spent the app's budget", async () => {
    const clock = new ManualClock(START);
    const budget = new RequestBudget(5, 10_000);
    const { granted, ask } = grantLog(budget, clock);
    (await ask('a')).done(30_000);
    void ask('b');
    void ask('c');
    await clock.advance(29_999);
    expect(granted.map((g) => g.name)).toEqual(['a']);
    expect(budget.pausedForMs(clock.now())).toBe(1);
    await clock.advance(1);
    expect(granted.map((g) => [g.name, g.at])).toEqual([
      ['a', 0],
      ['b', 30_000],
      ['c', 30_000],
    ]);
  });

  it('serves the walk that asked first before a later walk, page after page', async () => {
    const clock = new ManualClock(START);
    const budget = new RequestBudget(1, 1_000);
    const { granted, ask } = grantLog(budget, clock);
    const early = new AbortController();
    const late = new AbortController();
    (await ask('early-1', early.signal)).done();
    const late1 = ask('late-1', late.signal);
    await clock.advance(500);
    // The early walk's next page arrives after the late walk's first request, yet goes first.
    const early2 = ask('early-2', early.signal);
    await clock.advance(500);
    (await early2).done();
    await clock.advance(1_000);
    (await late1).done();
    expect(granted.map((g) => [g.name, g.at])).toEqual([
      ['early-1', 0],
      ['early-2', 1_000],
      ['late-1', 2_000],
    ]);
  });

  it('drops a request nobody waits for: the queue moves on without it', async () => {
    const clock = new ManualClock(START);
    const budget = new RequestBudget(1, 1_000);
    const { granted, ask } = grantLog(budget, clock);
    const cancelled = new AbortController();
    (await ask('a')).done();
    const gone = ask('gone', cancelled.signal);
    void ask('b');
    expect(budget.waiting).toBe(2);
    cancelled.abort();
    await expect(gone).rejects.toMatchObject({ name: 'AbortError' });
    expect(budget.waiting).toBe(1);
    await clock.advance(1_000);
    expect(granted.map((g) => [g.name, g.at])).toEqual([
      ['a', 0],
      ['b', 1_000],
    ]);
  });
});
