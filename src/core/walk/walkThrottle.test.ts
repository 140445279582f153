import { walkRig, WALK_ENDPOINT, WALK_FIRST_URL, WALK_START } from '../testing/walkRig';
import { graphPage, runWithClock, scriptedTransport, ScriptedAnswer } from '../testing/scriptedTransport';
import { ManualClock } from '../time/manualClock';
import { RequestBudget } from '../coordinate/requestBudget';
import { THROTTLE_FIRST_WAIT_MS } from './retryPolicy';
import { walkPages } from './walkPages';

const ENDPOINT = WALK_ENDPOINT;
const FIRST = WALK_FIRST_URL;
const START = WALK_START;
const MINUTE = 60_000;

const setup = walkRig;

const throttled = (count: number, headers: Record<string, string> = {}): ScriptedAnswer[] =>
  Array.from({ length: count }, () => ({ status: 429, headers }));

describe('walkPages: a 429 without Retry-After (finding 12)', () => {
  it("waits at least as long as Microsoft's Graph SDK (3 s) before the first retry", async () => {
    const { waits, walk } = setup([...throttled(1), graphPage([1])], { random: () => 0 });
    await walk;
    expect(waits).toEqual([THROTTLE_FIRST_WAIT_MS]);
    expect(THROTTLE_FIRST_WAIT_MS).toBeGreaterThanOrEqual(3000);
  });

  it('pauses every walk of the data source until then', async () => {
    const clock = new ManualClock(START);
    const budget = new RequestBudget(5, 10_000);
    const sent: Array<{ url: string; at: number }> = [];
    let firstTry = true;
    const transport = scriptedTransport((request) => {
      sent.push({ url: request.url, at: clock.now() });
      if (request.url === FIRST && firstTry) {
        firstTry = false;
        return { status: 429 };
      }
      return graphPage([1]);
    });
    const walkOf = (url: string) =>
      walkPages({
        firstUrl: url,
        endpoint: ENDPOINT,
        transport,
        clock,
        budget,
        random: () => 0,
        onPage: () => 'continue',
      });
    const first = walkOf(FIRST);
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const other = walkOf(`${ENDPOINT}?$filter=y&$top=1000`);
    await runWithClock(clock, Promise.all([first, other]));
    const otherSent = sent.find((s) => s.url.includes('filter=y'))!;
    expect(otherSent.at - START).toBeGreaterThanOrEqual(THROTTLE_FIRST_WAIT_MS);
  });
});

describe('walkPages: 429s that keep coming (finding 13)', () => {
  it('keeps its pages and waits longer between tries, then finishes', async () => {
    const { waits, pages, walk } = setup([graphPage([1], `${ENDPOINT}?$skiptoken=2`), ...throttled(9), graphPage([2])]);
    await expect(walk).resolves.toMatchObject({ pages: 2, retries: 9 });
    expect(pages).toEqual([[1], [2]]);
    expect(waits).toEqual([3000, 6000, 12_000, 24_000, 48_000, 60_000, 60_000, 60_000, 60_000]);
  });

  it('asks less often after a Retry-After that did not help', async () => {
    const { waits, walk } = setup([...throttled(3, { 'Retry-After': '1' }), graphPage([1])]);
    await walk;
    expect(waits).toEqual([1000, 3000, 6000]);
  });

  it('fails at the give-up bound, naming the setting', async () => {
    const { clock, transport, walk } = setup(throttled(100), { throttleGiveUpMs: 10 * MINUTE });
    await expect(walk).rejects.toMatchObject({
      code: 'throttled',
      status: 429,
      message: expect.stringMatching(/gives up after 10 minutes .*throttleGiveUpMinutes/),
    });
    expect(clock.now() - START).toBeLessThanOrEqual(10 * MINUTE);
    expect(clock.now() - START).toBeGreaterThan(8 * MINUTE);
    expect(transport.requests.length).toBeLessThan(20);
  });

  it('starts the bound again after a page gets through', async () => {
    const answers = [...throttled(8), graphPage([1], `${ENDPOINT}?$skiptoken=2`), ...throttled(8), graphPage([2])];
    const { clock, walk } = setup(answers, { throttleGiveUpMs: 5 * MINUTE });
    await expect(walk).resolves.toMatchObject({ pages: 2 });
    expect(clock.now() - START).toBeGreaterThan(5 * MINUTE);
  });

  it('stops when nobody waits for it any more', async () => {
    const controller = new AbortController();
    const { clock, walk } = setup(throttled(100), { signal: controller.signal });
    const stopped = expect(walk).rejects.toMatchObject({ name: 'AbortError' });
    await clock.advanceToNextWake();
    controller.abort();
    await stopped;
  });
});
