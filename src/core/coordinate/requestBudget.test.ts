import { ManualClock } from '../time/manualClock';
import { QueryPriority } from './queryPriority';
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

/** How many background requests an idle budget lets out at once (it grants synchronously). */
function backgroundPlacesOf(budget: RequestBudget): number {
  const signal = new AbortController().signal;
  budget.prioritize(signal, () => 'background');
  const clock = new ManualClock(START);
  for (let i = 0; i < 20; i++) {
    void budget.acquire(clock, signal);
  }
  return 20 - budget.waiting;
}

describe('RequestBudget priorities', () => {
  /** A walk's signal, ranked by a priority the test may change while its requests wait. */
  function walk(budget: RequestBudget, priority: QueryPriority) {
    const controller = new AbortController();
    const state = { priority };
    budget.prioritize(controller.signal, () => state.priority);
    return { signal: controller.signal, state };
  }

  it('serves an Explore request before a dashboard request that was queued first', async () => {
    const clock = new ManualClock(START);
    const budget = new RequestBudget(1, 1_000);
    const { granted, ask } = grantLog(budget, clock);
    const dashboard = walk(budget, 'dashboard');
    const explore = walk(budget, 'interactive');
    const background = walk(budget, 'background');
    const busy = await ask('busy');
    const panel = ask('panel', dashboard.signal);
    const hiddenTabPage = ask('hidden-tab', background.signal);
    const exploreFirst = ask('explore', explore.signal);
    busy.done();
    await clock.advance(1_000);
    (await exploreFirst).done();
    await clock.advance(1_000);
    (await panel).done();
    await clock.advance(1_000);
    (await hiddenTabPage).done();
    expect(granted.map((g) => [g.name, g.at])).toEqual([
      ['busy', 0],
      ['explore', 1_000],
      ['panel', 2_000],
      ['hidden-tab', 3_000],
    ]);
  });

  it('never recalls a request already granted: a later Explore request waits for a free place', async () => {
    const clock = new ManualClock(START);
    const budget = new RequestBudget(1, 1_000);
    const { granted, ask } = grantLog(budget, clock);
    const panel = await ask('panel', walk(budget, 'background').signal);
    const explore = ask('explore', walk(budget, 'interactive').signal);
    await clock.advance(5_000);
    expect(granted.map((g) => g.name)).toEqual(['panel']);
    panel.done();
    await clock.advance(1_000);
    await explore;
    expect(granted.map((g) => [g.name, g.at])).toEqual([
      ['panel', 0],
      ['explore', 6_000],
    ]);
  });

  it('keeps first-asked order within a priority, page after page, and ranks unprioritized walks as dashboards', async () => {
    const clock = new ManualClock(START);
    const budget = new RequestBudget(1, 1_000);
    const { granted, ask } = grantLog(budget, clock);
    const early = walk(budget, 'dashboard');
    const late = walk(budget, 'dashboard');
    const unranked = new AbortController();
    (await ask('early-1', early.signal)).done();
    const late1 = ask('late-1', late.signal);
    const unranked1 = ask('unranked-1', unranked.signal);
    await clock.advance(500);
    const early2 = ask('early-2', early.signal);
    await clock.advance(500);
    (await early2).done();
    await clock.advance(1_000);
    (await late1).done();
    await clock.advance(1_000);
    (await unranked1).done();
    expect(granted.map((g) => [g.name, g.at])).toEqual([
      ['early-1', 0],
      ['early-2', 1_000],
      ['late-1', 2_000],
      ['unranked-1', 3_000],
    ]);
  });

  it('reads the priority when it picks: a walk whose tab was hidden while it waited yields', async () => {
    const clock = new ManualClock(START);
    const budget = new RequestBudget(1, 1_000);
    const { granted, ask } = grantLog(budget, clock);
    const hiddenTab = walk(budget, 'dashboard');
    const other = walk(budget, 'dashboard');
    (await ask('busy')).done();
    const hidden1 = ask('hidden-1', hiddenTab.signal);
    const other1 = ask('other-1', other.signal);
    hiddenTab.state.priority = 'background';
    await clock.advance(1_000);
    (await other1).done();
    await clock.advance(1_000);
    await hidden1;
    expect(granted.map((g) => g.name)).toEqual(['busy', 'other-1', 'hidden-1']);
  });

  it('serves a request passed over for starvationMs next, the one passed over longest first, then goes back to priorities', async () => {
    const clock = new ManualClock(START);
    const budget = new RequestBudget(1, 1_000, { starvationMs: 10_000 });
    const { granted, ask } = grantLog(budget, clock);
    const explore = walk(budget, 'interactive');
    // Explore asks for its next page as soon as each answer arrives: the budget is never idle.
    let exploreAsking = true;
    const keepAsking = (page: number): void => {
      void budget.acquire(clock, explore.signal).then((slot) => {
        granted.push({ name: `explore-${page}`, at: clock.now() - START, slot });
        slot.done();
        if (exploreAsking) {
          keepAsking(page + 1);
        }
      });
    };
    keepAsking(1);
    await clock.advance(0);
    // Each arrival interrupts the scheduler's sleep; advance(0) lets it sleep again before time moves.
    const hiddenTabPage = ask('hidden-tab', walk(budget, 'background').signal);
    const panel = ask('panel', walk(budget, 'dashboard').signal);
    await clock.advance(0);
    // explore-2 passes them over at 1 s: from then on they count.
    await clock.advance(10_999);
    expect(granted.map((g) => g.name)).toEqual(Array.from({ length: 11 }, (_, i) => `explore-${i + 1}`));
    await clock.advance(1);
    (await hiddenTabPage).done();
    await clock.advance(1_000);
    exploreAsking = false;
    (await panel).done();
    await clock.advance(3_000);
    // Both were passed over at once: the one that asked first goes first, whatever its priority.
    expect(granted.slice(10, 14).map((g) => [g.name, g.at])).toEqual([
      ['explore-11', 10_000],
      ['hidden-tab', 11_000],
      ['panel', 12_000],
      ['explore-12', 13_000],
    ]);
    expect(budget.waiting).toBe(0);
  });

  it('counts only the wait behind higher priorities: a panel queued long behind other panels does not jump Explore', async () => {
    const clock = new ManualClock(START);
    const budget = new RequestBudget(1, 1_000, { starvationMs: 10_000 });
    const { granted, ask } = grantLog(budget, clock);
    const busy = await ask('busy', walk(budget, 'dashboard').signal);
    const panel = ask('panel', walk(budget, 'dashboard').signal);
    await clock.advance(30_000);
    const explore = ask('explore', walk(budget, 'interactive').signal);
    busy.done();
    await clock.advance(1_000);
    (await explore).done();
    await clock.advance(1_000);
    await panel;
    expect(granted.map((g) => [g.name, g.at])).toEqual([
      ['busy', 0],
      ['explore', 31_000],
      ['panel', 32_000],
    ]);
  });

  it('lets background requests hold one place of the window, even alone, and keeps the rest for someone looking', async () => {
    const clock = new ManualClock(START);
    const budget = new RequestBudget(5, 10_000);
    const { granted, ask } = grantLog(budget, clock);
    const hiddenTab = walk(budget, 'background');
    const first = ask('hidden-1', hiddenTab.signal);
    const second = ask('hidden-2', hiddenTab.signal);
    await clock.advance(0);
    (await first).done();
    await clock.advance(1_000);
    // The tab someone looks at asks: four places are still free for it.
    const looking = walk(budget, 'dashboard');
    (await ask('panel-1', looking.signal)).done();
    (await ask('panel-2', looking.signal)).done();
    await clock.advance(8_999);
    expect(granted.map((g) => g.name)).toEqual(['hidden-1', 'panel-1', 'panel-2']);
    await clock.advance(1);
    (await second).done();
    expect(granted.map((g) => [g.name, g.at])).toEqual([
      ['hidden-1', 0],
      ['panel-1', 1_000],
      ['panel-2', 1_000],
      ['hidden-2', 10_000],
    ]);
  });

  it('gives background requests one place in five by default, or as many as backgroundPlaces says', async () => {
    expect(backgroundPlacesOf(new RequestBudget(10, 10_000))).toBe(2);
    expect(backgroundPlacesOf(new RequestBudget(4, 10_000))).toBe(1);
    expect(backgroundPlacesOf(new RequestBudget(10, 10_000, { backgroundPlaces: 0 }))).toBe(1);

    const clock = new ManualClock(START);
    const budget = new RequestBudget(5, 10_000, { backgroundPlaces: 2 });
    const { granted, ask } = grantLog(budget, clock);
    const hiddenTab = walk(budget, 'background');
    const asked = ['a', 'b', 'c'].map((name) => ask(name, hiddenTab.signal));
    await clock.advance(0);
    expect(granted.map((g) => g.name)).toEqual(['a', 'b']);
    (await asked[0]).done();
    (await asked[1]).done();
    await clock.advance(10_000);
    expect(granted.map((g) => [g.name, g.at])).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 10_000],
    ]);
  });
});
