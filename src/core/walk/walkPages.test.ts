import { walkRig, WALK_ENDPOINT, WALK_FIRST_URL, WALK_START } from '../testing/walkRig';
import { graphPage, runWithClock, scriptedTransport, ScriptedAnswer } from '../testing/scriptedTransport';
import { ManualClock } from '../time/manualClock';
import { RequestBudget } from '../coordinate/requestBudget';
import { DEFAULT_RETRY_POLICY } from './retryPolicy';
import { walkPages } from './walkPages';

const ENDPOINT = WALK_ENDPOINT;
const FIRST = WALK_FIRST_URL;
const START = WALK_START;

const setup = walkRig;

const next = (token: string) => `${ENDPOINT}?$filter=x&$top=1000&$skiptoken=${token}`;

describe('walkPages: following nextLink', () => {
  it('follows every nextLink verbatim until the last page', async () => {
    const odd = `${ENDPOINT}?%24skiptoken=a%2Bb%3D%3D&$top=1000`;
    const { transport, pages, walk } = setup([graphPage([1, 2], next('p2')), graphPage([3], odd), graphPage([4])]);
    const result = await walk;
    expect(transport.requests.map((r) => r.url)).toEqual([FIRST, next('p2'), odd]);
    expect(pages).toEqual([[1, 2], [3], [4]]);
    expect(result).toMatchObject({ pages: 3, requests: 3, retries: 0, stoppedEarly: false });
  });

  it('continues past an empty page that still has a nextLink', async () => {
    const { pages, walk } = setup([graphPage([], next('p2')), graphPage([], next('p3')), graphPage([7])]);
    await walk;
    expect(pages).toEqual([[], [], [7]]);
  });

  it('stops with an error when a nextLink comes back a second time', async () => {
    const { transport, walk } = setup([
      graphPage([1], next('p2')),
      graphPage([2], next('p3')),
      graphPage([3], next('p2')),
    ]);
    await expect(walk).rejects.toMatchObject({
      code: 'repeatedNextLink',
      message: expect.stringMatching(/same next-page link twice/),
    });
    expect(transport.requests).toHaveLength(3);
  });

  it('treats a nextLink equal to the first request as repeated', async () => {
    const { walk } = setup([graphPage([1], FIRST)]);
    await expect(walk).rejects.toMatchObject({ code: 'repeatedNextLink' });
  });

  it.each([
    ['another host', 'https://evil.example.com/v1.0/auditLogs/directoryAudits?$skiptoken=1'],
    ['userinfo trick', 'https://graph.microsoft.com@evil.example.com/v1.0/auditLogs/directoryAudits?$skiptoken=1'],
    ['plain http', 'http://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$skiptoken=1'],
    ['another port', 'https://graph.microsoft.com:8443/v1.0/auditLogs/directoryAudits?$skiptoken=1'],
    ['sign-ins', 'https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=1'],
    ['dot segments', 'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits/../signIns?$skiptoken=1'],
    ['encoded dots', 'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits/%2e%2e/signIns'],
    ['a longer path', 'https://graph.microsoft.com/v1.0/auditLogs/directoryAuditsX?$skiptoken=1'],
    ['beta instead of v1.0', 'https://graph.microsoft.com/beta/auditLogs/directoryAudits?$skiptoken=1'],
    ['a fragment', `${ENDPOINT}?$skiptoken=1#x`],
    ['a relative link', '/v1.0/auditLogs/directoryAudits?$skiptoken=1'],
  ])('refuses a nextLink to %s without requesting it', async (_label, link) => {
    const { transport, pages, walk } = setup([graphPage([1], link)]);
    await expect(walk).rejects.toMatchObject({ code: 'foreignNextLink' });
    expect(transport.requests).toHaveLength(1);
    expect(pages).toEqual([]);
  });

  it('treats a page whose nextLink is not a string as not a page: retried, then invalidResponse', async () => {
    const { transport, walk } = setup(Array.from({ length: 7 }, () => graphPage([1], 42 as never)));
    await expect(walk).rejects.toMatchObject({
      code: 'invalidResponse',
      message: expect.stringMatching(/not valid JSON/),
    });
    expect(transport.requests).toHaveLength(7);
  });

  it('reads an empty nextLink as the last page, as Go does', async () => {
    const { walk } = setup([graphPage([1], '')]);
    await expect(walk).resolves.toMatchObject({ pages: 1, stoppedEarly: false });
  });

  it('accepts the host in another letter case', async () => {
    const { walk } = setup([
      graphPage([1], 'https://GRAPH.microsoft.com/v1.0/auditLogs/directoryAudits?$skiptoken=1'),
      graphPage([]),
    ]);
    await expect(walk).resolves.toMatchObject({ pages: 2 });
  });

  it('stops when the consumer says so and reports whether Graph had more', async () => {
    const { transport, walk } = setup([graphPage([1], next('p2'))], { onPage: () => 'stop' });
    await expect(walk).resolves.toMatchObject({ pages: 1, stoppedEarly: true });
    expect(transport.requests).toHaveLength(1);
  });
});

describe('walkPages: retries', () => {
  it('honours a fractional Retry-After to the millisecond', async () => {
    const { clock, transport, walk } = setup([
      { status: 429, headers: { 'retry-after': '2.128' }, body: { error: { code: 'TooManyRequests' } } },
      graphPage([1]),
    ]);
    const result = await walk;
    expect(clock.now() - START).toBe(2128);
    expect(transport.requests.map((r) => r.url)).toEqual([FIRST, FIRST]);
    expect(result.retries).toBe(1);
  });

  it('reads Retry-After as an HTTP date too', async () => {
    const { clock, walk } = setup([
      { status: 503, headers: { 'Retry-After': new Date(START + 7000).toUTCString() } },
      graphPage([1]),
    ]);
    await walk;
    expect(clock.now() - START).toBe(7000);
  });

  it('retries the same nextLink, verbatim, after a throttle mid-walk', async () => {
    const { transport, walk } = setup([
      graphPage([1], next('p2')),
      { status: 429, headers: { 'Retry-After': '1' } },
      graphPage([2]),
    ]);
    await walk;
    expect(transport.requests.map((r) => r.url)).toEqual([FIRST, next('p2'), next('p2')]);
  });

  it('backs off exponentially with jitter when there is no Retry-After', async () => {
    const waits: number[] = [];
    const clock = new ManualClock(START);
    const transport = scriptedTransport([{ status: 503 }, { status: 503 }, { status: 503 }, graphPage([1])]);
    const sleep = clock.sleep.bind(clock);
    clock.sleep = (ms, signal) => {
      waits.push(ms);
      return sleep(ms, signal);
    };
    await runWithClock(
      clock,
      walkPages({ firstUrl: FIRST, endpoint: ENDPOINT, transport, clock, random: () => 0.5, onPage: () => 'continue' })
    );
    // Steps of 1 s, 2 s, 4 s, each at 75 % for random() = 0.5.
    expect(waits).toEqual([750, 1500, 3000]);
  });

  it('caps the backoff step', async () => {
    const answers = Array.from({ length: 7 }, () => ({ status: 500 }) as ScriptedAnswer);
    const clock = new ManualClock(START);
    const waits: number[] = [];
    const sleep = clock.sleep.bind(clock);
    clock.sleep = (ms, signal) => {
      waits.push(ms);
      return sleep(ms, signal);
    };
    const walk = walkPages({
      firstUrl: FIRST,
      endpoint: ENDPOINT,
      transport: scriptedTransport([...answers, graphPage([])]),
      clock,
      random: () => 1,
      policy: { ...DEFAULT_RETRY_POLICY, maxRetries: 7, maxDelayMs: 5000 },
      onPage: () => 'continue',
    });
    await runWithClock(clock, walk);
    expect(waits).toEqual([1000, 2000, 4000, 5000, 5000, 5000, 5000]);
  });

  it.each([
    ['429', { status: 429 }],
    ['500', { status: 500 }],
    ['502 (a reset through Grafana)', { status: 502 }],
    ['503', { status: 503 }],
    ['504', { status: 504 }],
    ['a connection reset', { fail: 'reset' }],
    ['a 200 whose body is not JSON', { status: 200, bodyText: '<html>gateway</html>' }],
    ['a 200 cut off mid-body', { status: 200, bodyText: '{"value":[{"id":"1"' }],
  ] as Array<[string, ScriptedAnswer]>)('retries after %s and then succeeds', async (_label, fault) => {
    const { transport, pages, walk } = setup([fault, graphPage([1])]);
    await expect(walk).resolves.toMatchObject({ retries: 1 });
    expect(transport.requests).toHaveLength(2);
    expect(pages).toEqual([[1]]);
  });

  // A persistent 429 is waited out up to the give-up bound instead (walkThrottle.test.ts).
  it.each([
    [502, 'unreachable'],
    [503, 'unavailable'],
  ])('gives up on a persistent %i after the capped number of retries', async (status, code) => {
    const answers = Array.from({ length: DEFAULT_RETRY_POLICY.maxRetries + 1 }, () => ({ status }) as ScriptedAnswer);
    const { transport, walk } = setup(answers);
    await expect(walk).rejects.toMatchObject({ code, status });
    expect(transport.requests).toHaveLength(DEFAULT_RETRY_POLICY.maxRetries + 1);
  });

  it('gives up on bodies that are never JSON', async () => {
    const answers = Array.from(
      { length: DEFAULT_RETRY_POLICY.maxRetries + 1 },
      () => ({ status: 200, bodyText: 'nope' }) as ScriptedAnswer
    );
    await expect(setup(answers).walk).rejects.toMatchObject({
      code: 'invalidResponse',
      message: expect.stringMatching(/not valid JSON/),
    });
  });

  it.each([
    [400, 'badRequest'],
    [403, 'permissionDenied'],
    [404, 'notFound'],
  ])('does not retry a %i', async (status, code) => {
    const { transport, walk } = setup([{ status }]);
    await expect(walk).rejects.toMatchObject({ code });
    expect(transport.requests).toHaveLength(1);
  });

  it('tries a 401 once more at once (a fresh token), as Go does', async () => {
    const { clock, transport, walk } = setup([{ status: 401 }, graphPage([1])]);
    await expect(walk).resolves.toMatchObject({ pages: 1 });
    expect(transport.requests).toHaveLength(2);
    expect(clock.now()).toBe(START);
  });

  it('fails on a second 401 as authenticationFailed', async () => {
    const { transport, walk } = setup([{ status: 401 }, { status: 401 }]);
    await expect(walk).rejects.toMatchObject({ code: 'authenticationFailed' });
    expect(transport.requests).toHaveLength(2);
  });

  it('fails instead of waiting when Retry-After is beyond the cap', async () => {
    const { clock, walk } = setup([{ status: 429, headers: { 'Retry-After': '3600' } }]);
    await expect(walk).rejects.toMatchObject({ code: 'throttled', message: expect.stringMatching(/wait 3600 s/) });
    expect(clock.now()).toBe(START);
  });
});

describe('walkPages: cancellation', () => {
  it('aborts a request in flight and sends nothing more', async () => {
    const controller = new AbortController();
    const clock = new ManualClock(START);
    const transport = scriptedTransport([{ fail: 'hang' }, graphPage([1])]);
    const walk = walkPages({
      firstUrl: FIRST,
      endpoint: ENDPOINT,
      transport,
      clock,
      signal: controller.signal,
      onPage: () => 'continue',
    });
    await Promise.resolve();
    expect(transport.requests[0].signal?.aborted).toBe(false);
    controller.abort();
    await expect(walk).rejects.toMatchObject({ name: 'AbortError' });
    expect(transport.requests[0].signal?.aborted).toBe(true);
    expect(transport.requests).toHaveLength(1);
  });

  it('stops during a retry wait', async () => {
    const controller = new AbortController();
    const clock = new ManualClock(START);
    const transport = scriptedTransport([{ status: 429, headers: { 'Retry-After': '5' } }, graphPage([1])]);
    const walk = walkPages({
      firstUrl: FIRST,
      endpoint: ENDPOINT,
      transport,
      clock,
      signal: controller.signal,
      onPage: () => 'continue',
    });
    for (let i = 0; i < 20 && clock.pendingWakeTimes().length === 0; i++) {
      await Promise.resolve();
    }
    expect(clock.pendingWakeTimes()).toEqual([START + 5000]);
    controller.abort();
    await expect(walk).rejects.toMatchObject({ name: 'AbortError' });
    await clock.advance(10_000);
    expect(transport.requests).toHaveLength(1);
  });

  it('does not start when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const { transport, walk } = setup([graphPage([1])], { signal: controller.signal });
    await expect(walk).rejects.toMatchObject({ name: 'AbortError' });
    expect(transport.requests).toHaveLength(0);
  });
});

describe('walkPages: request budget', () => {
  it("paces a long walk to Microsoft's 5 requests per 10 s", async () => {
    const answers = [1, 2, 3, 4, 5, 6, 7].map((n) => graphPage([n], n < 7 ? next(`p${n + 1}`) : undefined));
    const sentAt: number[] = [];
    const { clock, walk } = setup(answers, {
      budget: new RequestBudget(5, 10_000),
      onRequest: () => sentAt.push(clock.now() - START),
    });
    await walk;
    expect(sentAt).toEqual([0, 0, 0, 0, 0, 10_000, 10_000]);
  });
});
