import { FaultPlan } from './faults';
import { RunningEmulator, startEmulator } from './index';
import { accessToken, auditsUrl, getJson, requestToken } from './testing/client';

describe('FaultPlan targeting', () => {
  const firing = (rule: object, requests = 10) => {
    const plan = new FaultPlan([{ kind: 'reset', ...rule }]);
    return Array.from({ length: requests }, (_, i) => (plan.next('graph') ? i + 1 : 0)).filter(Boolean);
  };

  it.each([
    [{ nth: 3 }, [3]],
    [{ every: 4 }, [4, 8]],
    [{ count: 2 }, [1, 2]],
    [{ nth: 2, count: 3 }, [2, 3, 4]],
    [{}, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
  ])('%j fires on requests %j', (rule, expected) => {
    expect(firing(rule)).toEqual(expected);
  });

  it('watches only its target', () => {
    const plan = new FaultPlan([{ kind: 'reset', target: 'token', nth: 1 }]);
    expect(plan.next('graph')).toBeUndefined();
    expect(plan.next('token')).toBeDefined();
  });

  it.each([
    [{ kind: 'explode' }, "Unknown fault kind 'explode'"],
    [{ kind: 'status', status: 418 }, 'status 500, 502, 503 or 504'],
    [{ kind: 'reset', nth: 0 }, "'nth' must be a positive integer"],
  ])('refuses %j', (rule, message) => {
    expect(() => new FaultPlan([rule as never])).toThrow(message);
  });
});

describe('faults over HTTP', () => {
  let emulator: RunningEmulator;
  let token: string;
  const url = () => auditsUrl(emulator.httpUrl, { $top: '5' });

  beforeAll(async () => {
    emulator = await startEmulator({
      now: '2026-11-20T12:00:00Z',
      httpsPort: false,
      throttle: false,
      eventsPerDay: 2000,
      timeScale: 1000,
      inspection: true,
    });
  });
  // At 1000x a token lives 3.6 real seconds, less than this suite takes on a loaded machine.
  beforeEach(async () => {
    token = await accessToken({ baseUrl: emulator.httpUrl });
  });
  afterEach(() => emulator.setFaults([]));
  afterAll(() => emulator.close());

  it.each([
    [500, undefined, 'InternalServerError'],
    [502, undefined, 'BadGateway'],
    [503, 2.5, 'ServiceNotAvailable'],
    [503, undefined, 'ServiceNotAvailable'],
    [504, 1, 'GatewayTimeout'],
  ])('answers %d (Retry-After %s) with a Graph error body', async (status, retryAfterSeconds, code) => {
    emulator.setFaults([{ kind: 'status', status, retryAfterSeconds, nth: 1 }]);
    const response = await getJson(url(), token);
    expect(response.status).toBe(status);
    expect(response.json.error.code).toBe(code);
    expect(response.headers.get('retry-after')).toBe(
      retryAfterSeconds === undefined ? null : String(retryAfterSeconds)
    );
    expect((await getJson(url(), token)).status).toBe(200);
  });

  it('fails exactly the 3rd page request', async () => {
    emulator.setFaults([{ kind: 'status', status: 503, nth: 3 }]);
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await getJson(url(), token)).status);
    }
    expect(statuses).toEqual([200, 200, 503, 200, 200]);
  });

  it('resets the connection', async () => {
    emulator.setFaults([{ kind: 'reset', nth: 1 }]);
    await expect(fetch(url(), { headers: { Authorization: `Bearer ${token}` } })).rejects.toThrow();
    expect((await getJson(url(), token)).status).toBe(200);
  });

  it('resets token requests when told to', async () => {
    emulator.setFaults([{ kind: 'reset', target: 'token', nth: 1 }]);
    await expect(requestToken({ baseUrl: emulator.httpUrl })).rejects.toThrow();
    expect((await requestToken({ baseUrl: emulator.httpUrl })).status).toBe(200);
  });

  it('slows a response down by emulated time', async () => {
    emulator.setFaults([{ kind: 'slow', delayMs: 200_000, nth: 1 }]);
    const started = Date.now();
    expect((await getJson(url(), token)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
  });

  it('sends truncated and malformed JSON with status 200', async () => {
    emulator.setFaults([
      { kind: 'truncatedJson', nth: 1 },
      { kind: 'malformedJson', nth: 2 },
    ]);
    const truncated = await getJson(url(), token);
    expect(truncated.status).toBe(200);
    expect(truncated.json).toBeUndefined();
    expect(truncated.text.startsWith('{"@odata.context"')).toBe(true);
    const malformed = await getJson(url(), token);
    expect(malformed.status).toBe(200);
    expect(malformed.json).toBeUndefined();
    expect(malformed.text).toContain(',,"');
  });

  it('sends an empty page whose nextLink continues where it was', async () => {
    const normal = await getJson(url(), token);
    emulator.setFaults([{ kind: 'emptyPageWithNextLink', nth: 1 }]);
    const empty = await getJson(url(), token);
    expect(empty.json.value).toEqual([]);
    // Not the page's own URL: a client that refuses a repeated nextLink must still read on.
    expect(empty.json['@odata.nextLink']).not.toBe(url());
    const resumed = await getJson(empty.json['@odata.nextLink'], token);
    expect(resumed.json.value.map((e: any) => e.id)).toEqual(normal.json.value.map((e: any) => e.id));
  });

  it('keeps a page fault the throttle turned away for the next page it serves', async () => {
    emulator.setThrottle({ requests: 1, perSeconds: 10 });
    try {
      expect((await getJson(url(), token)).status).toBe(200);
      emulator.setFaults([{ kind: 'emptyPageWithNextLink', nth: 1 }]);
      const throttled = await getJson(url(), token);
      expect(throttled.status).toBe(429);
      emulator.advance(10_000);
      const served = await getJson(url(), token);
      expect(served.status).toBe(200);
      expect(served.json.value).toEqual([]);
      expect(emulator.requestLog().at(-1)?.fault).toBe('emptyPageWithNextLink');
    } finally {
      emulator.setThrottle(false);
    }
  });

  it('sends a nextLink that repeats the request', async () => {
    const first = await getJson(url(), token);
    emulator.setFaults([{ kind: 'repeatNextLink', nth: 1 }]);
    const second = await getJson(first.json['@odata.nextLink'], token);
    expect(second.json['@odata.nextLink']).toBe(first.json['@odata.nextLink']);
  });

  it('is controllable over /_emulator/faults and shows in the request log', async () => {
    const put = await fetch(`${emulator.httpUrl}/_emulator/faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([{ kind: 'status', status: 502, every: 2 }]),
    });
    expect(put.status).toBe(200);
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await getJson(url(), token)).status);
    }
    expect(statuses).toEqual([200, 502, 200, 502]);
    const bad = await fetch(`${emulator.httpUrl}/_emulator/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'status', status: 200 }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error).toContain('status 500, 502, 503 or 504');
    await fetch(`${emulator.httpUrl}/_emulator/faults`, {
      method: 'DELETE',
      headers: { 'Content-Type': 'application/json' },
    });
    expect((await getJson(url(), token)).status).toBe(200);
    const log = emulator.requestLog().filter((r) => r.api === 'graph');
    expect(log.slice(-5).map((r) => [r.status, r.fault ?? null])).toEqual([
      [200, null],
      [502, 'status 502'],
      [200, null],
      [502, 'status 502'],
      [200, null],
    ]);
  });
});

describe('per-page latency', () => {
  it('delays every report page by emulated time', async () => {
    const emulator = await startEmulator({
      httpsPort: false,
      throttle: false,
      eventsPerDay: 100,
      latencyMs: 300,
      timeScale: 2,
    });
    try {
      const token = await accessToken({ baseUrl: emulator.httpUrl });
      const started = Date.now();
      await getJson(auditsUrl(emulator.httpUrl, { $top: '1' }), token);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    } finally {
      await emulator.close();
    }
  });
});
