import { RunningEmulator, startEmulator } from '../index';
import { accessToken, auditsUrl, getJson, walk } from '../testing/client';

const NOW = '2026-11-20T12:00:00Z';

describe('inspection endpoints', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({
      now: NOW,
      httpsPort: false,
      throttle: false,
      eventsPerDay: 4000,
      inspection: true,
    });
  });
  afterAll(() => emulator.close());

  it('counts ground truth for a range and filter, grouped by any field, matching a real walk', async () => {
    const from = '2026-11-20T06:00:00Z';
    const query = new URLSearchParams({
      from,
      to: NOW,
      groupBy: 'activityDisplayName',
      filter: "loggedByService eq 'Core Directory'",
    });
    const counts = await getJson(`${emulator.httpUrl}/_emulator/counts?${query}`);
    expect(counts.status).toBe(200);
    expect(counts.json.total).toBeGreaterThan(100);
    expect(Object.values(counts.json.groups as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(
      counts.json.total
    );

    const token = await accessToken({ baseUrl: emulator.httpUrl });
    const filter = `activityDateTime ge ${from} and activityDateTime le ${NOW} and loggedByService eq 'Core Directory'`;
    const { events } = await walk(auditsUrl(emulator.httpUrl, { $filter: filter }), token);
    const perActivity: Record<string, number> = {};
    events.forEach((e) => (perActivity[e.activityDisplayName] = (perActivity[e.activityDisplayName] ?? 0) + 1));
    expect(perActivity).toEqual(counts.json.groups);
  });

  it.each([
    'category',
    'loggedByService',
    'result',
    'operationType',
    'initiatedBy',
    'targetType',
    'activityType',
    'legacyCategory',
  ])('groups by %s', (groupBy) => {
    const truth = emulator.groundTruth({ from: '2026-11-20T00:00:00Z', to: NOW, groupBy: groupBy as never });
    expect(Object.keys(truth.groups).length).toBeGreaterThan(1);
    expect(Object.values(truth.groups).reduce((a, b) => a + b, 0)).toBe(truth.total);
  });

  it('filters on fields Graph cannot, with or and not', () => {
    const all = emulator.groundTruth({ from: '2026-11-20T00:00:00Z', to: NOW, groupBy: 'result' });
    const failures = emulator.groundTruth({
      from: '2026-11-20T00:00:00Z',
      to: NOW,
      filter: "result eq 'failure' or result eq 'timeout'",
    });
    expect(failures.total).toBe((all.groups.failure ?? 0) + (all.groups.timeout ?? 0));
    const users = emulator.groundTruth({
      from: '2026-11-20T00:00:00Z',
      to: NOW,
      filter: "targetResources/any(t: t/type eq 'User')",
    });
    expect(users.total).toBeGreaterThan(0);
  });

  it('explains bad inspection input', async () => {
    const bad = await getJson(`${emulator.httpUrl}/_emulator/counts?groupBy=colour`);
    expect(bad.status).toBe(400);
    expect(bad.json.error).toContain("Unknown groupBy 'colour'");
    const badTime = await getJson(`${emulator.httpUrl}/_emulator/counts?from=yesterday`);
    expect(badTime.json.error).toContain("'from' must be an ISO 8601 instant");
    expect((await getJson(`${emulator.httpUrl}/_emulator/nope`)).status).toBe(404);
  });

  it('injects events at chosen instants and counts them on both inclusive edges', async () => {
    const response = await fetch(`${emulator.httpUrl}/_emulator/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([
        {
          activityDateTime: '2026-11-19T00:00:00Z',
          activityDisplayName: 'Restore user',
          initiatedByUpn: 'edge@contoso.onmicrosoft.com',
        },
        {
          activityDateTime: '2026-11-19T01:00:00Z',
          activityDisplayName: 'Restore user',
          initiatedByUpn: 'edge@contoso.onmicrosoft.com',
        },
      ]),
    });
    expect(response.status).toBe(201);
    const truth = emulator.groundTruth({
      from: '2026-11-19T00:00:00Z',
      to: '2026-11-19T01:00:00Z',
      filter: "initiatedBy eq 'edge@contoso.onmicrosoft.com'",
    });
    expect(truth.total).toBe(2);
    const bad = await fetch(`${emulator.httpUrl}/_emulator/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ activityDisplayName: 'Add user' }),
    });
    expect(bad.status).toBe(400);
  });

  it('logs requests with emulated and real timestamps, without secrets, and resets', async () => {
    const token = await accessToken({ baseUrl: emulator.httpUrl });
    await getJson(auditsUrl(emulator.httpUrl, { $top: '2' }), token);
    const log = await getJson(`${emulator.httpUrl}/_emulator/requests`);
    const entries = log.json.requests as any[];
    const page = entries.filter((r) => r.api === 'graph').at(-1);
    expect(page).toMatchObject({
      method: 'GET',
      status: 200,
      events: 2,
      tenantId: emulator.tenantId,
      clientId: emulator.clientId,
    });
    expect(Date.parse(page.at)).toBeGreaterThanOrEqual(Date.parse(NOW));
    expect(page.realMs).toBeGreaterThan(0);
    expect(entries.some((r) => r.api === 'token' && r.status === 200)).toBe(true);
    expect(log.text).not.toContain(emulator.clientSecret);
    expect(log.text).not.toContain(token);

    const reset = await fetch(`${emulator.httpUrl}/_emulator/reset`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(reset.status).toBe(200);
    expect(emulator.requestLog().filter((r) => r.api !== 'control')).toEqual([]);
    expect(
      emulator.groundTruth({
        from: '2026-11-19T00:00:00Z',
        to: '2026-11-19T01:00:00Z',
        filter: "initiatedBy eq 'edge@contoso.onmicrosoft.com'",
      }).total
    ).toBe(0);
  });

  it('reports and advances the emulated clock', async () => {
    const before = (await getJson(`${emulator.httpUrl}/_emulator/now`)).json;
    const advanced = await fetch(`${emulator.httpUrl}/_emulator/clock/advance`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ms: 3_600_000 }),
    });
    const after = ((await advanced.json()) as any).now;
    expect(Date.parse(after) - Date.parse(before.now)).toBeGreaterThanOrEqual(3_600_000);
  });
});

describe('inspection off', () => {
  it('hides /_emulator entirely', async () => {
    const emulator = await startEmulator({ httpsPort: false, eventsPerDay: 100 });
    try {
      const response = await getJson(`${emulator.httpUrl}/_emulator/counts`);
      expect(response.status).toBe(404);
      expect(response.json.error).toContain('--inspection');
    } finally {
      await emulator.close();
    }
  });
});

describe('live mode', () => {
  it('keeps new events arriving, each only after its ingestion delay, with a burst every 15 minutes', async () => {
    const emulator = await startEmulator({
      now: NOW,
      httpsPort: false,
      throttle: false,
      eventsPerDay: 10_000,
      live: true,
      ingestionDelayMs: 300_000,
      timeScale: 1,
    });
    try {
      const window = { from: NOW, to: '2026-11-20T12:30:00Z' };
      expect(emulator.groundTruth(window).total).toBe(0);
      emulator.advance(10 * 60_000);
      const partial = emulator.groundTruth(window).total;
      expect(partial).toBeGreaterThan(0);
      emulator.advance(20 * 60_000);
      const more = emulator.groundTruth(window).total;
      expect(more).toBeGreaterThan(partial);
      emulator.advance(10 * 60_000);
      const complete = emulator.groundTruth({ ...window, groupBy: 'activityDisplayName' });
      expect(complete.total).toBeGreaterThan(more);
      // Two quarter-hours: each has a burst of failed role assignments, a bulk import or a credential change.
      const bursts = emulator.groundTruth({
        ...window,
        filter:
          "activityDisplayName eq 'Add user' or result eq 'failure' or activityDisplayName eq 'Add service principal credentials'",
      });
      expect(bursts.total).toBeGreaterThanOrEqual(6);
    } finally {
      await emulator.close();
    }
  });
});
