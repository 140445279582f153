import { runWithClock } from '../testing/scriptedTransport';
import { ADD_USER, ALL_EVENTS, data, DAY, firstFilters, HOUR, MINUTE, query, rig } from '../testing/widerWalksRig';

describe('a walk kept in memory with a wider server filter serves a narrower query', () => {
  it('kept in memory: a narrower panel over a past range sends nothing', async () => {
    const { clock, tenant, run, alone } = rig();
    await runWithClock(clock, run(ALL_EVENTS));
    await clock.advance(5 * MINUTE);
    const before = tenant.requests.length;
    const served = await runWithClock(clock, run(query('B', [ADD_USER], { format: 'logs' })));
    expect(tenant.requests.length).toBe(before);
    expect(data(served)).toEqual(data((await alone(query('B', [ADD_USER], { format: 'logs' }))).result));
  });

  it('kept in memory: refreshing now-1d, the narrower panel shares the wider walk’s tail (one request a refresh in all)', async () => {
    const { clock, tenant, run, alone } = rig();
    const range = () => ({ from: clock.now() - DAY, to: clock.now() });
    const narrower = query('B', [{ field: 'activity', operator: 'startsWith', values: ['Add'] }]);
    await runWithClock(clock, Promise.all([run(ALL_EVENTS, range()), run(narrower, range())]));
    const cold = tenant.requests.length;
    expect(new Set(firstFilters(tenant)).size).toBe(1);
    for (let i = 1; i <= 3; i++) {
      await clock.advance(MINUTE);
      const before = tenant.requests.length;
      const [all, served] = await runWithClock(clock, Promise.all([run(ALL_EVENTS, range()), run(narrower, range())]));
      expect(tenant.requests.length - before).toBe(1);
      expect(data(all)).toEqual(data((await alone(ALL_EVENTS, range())).result));
      expect(data(served)).toEqual(data((await alone(narrower, range())).result));
    }
    expect(cold).toBeGreaterThan(0);
  });

  it('narrower panel first: the cold load walks twice, the refreshes share the wider walk’s tail', async () => {
    const { clock, tenant, run, alone } = rig();
    const range = () => ({ from: clock.now() - DAY, to: clock.now() });
    const narrower = query('B', [ADD_USER]);
    await runWithClock(clock, Promise.all([run(narrower, range()), run(ALL_EVENTS, range())]));
    expect(new Set(firstFilters(tenant)).size).toBe(2);
    for (let i = 1; i <= 3; i++) {
      await clock.advance(MINUTE);
      const before = tenant.requests.length;
      const [served] = await runWithClock(clock, Promise.all([run(narrower, range()), run(ALL_EVENTS, range())]));
      expect(tenant.requests.length - before).toBe(1);
      expect(data(served)).toEqual(data((await alone(narrower, range())).result));
    }
  });

  it('keeps to its own tail when the wider walk kept in memory is much older', async () => {
    const { clock, tenant, run, alone } = rig();
    const range = () => ({ from: clock.now() - DAY, to: clock.now() });
    const narrower = query('B', [ADD_USER]);
    await runWithClock(clock, run(narrower, range()));
    // Kept only up to two hours ago, though it covers the start of the narrower panel's range.
    await runWithClock(clock, run(ALL_EVENTS, { from: clock.now() - DAY - 2 * HOUR, to: clock.now() - 2 * HOUR }));
    await clock.advance(MINUTE);
    const before = tenant.requests.length;
    const own = await runWithClock(clock, run(narrower, range()));
    expect(firstFilters(tenant).slice(before)).toEqual([expect.stringContaining("activityDisplayName eq 'Add user'")]);
    expect(own.executedQueryString).not.toContain("No request of this query's own");
    expect(data(own)).toEqual(data((await alone(narrower, range())).result));
  });

  it('kept in memory: the narrower panel refreshed alone walks the wider walk’s tail, once', async () => {
    const { clock, tenant, run, alone } = rig();
    const range = () => ({ from: clock.now() - DAY, to: clock.now() });
    await runWithClock(clock, run(ALL_EVENTS, range()));
    await clock.advance(MINUTE);
    const before = tenant.requests.length;
    const served = await runWithClock(clock, run(query('B', [ADD_USER]), range()));
    expect(tenant.requests.length - before).toBe(1);
    // The tail asked is the wider walk's: its entry moves on, and the narrower query keeps none of its own.
    expect(firstFilters(tenant).at(-1)).not.toContain('activityDisplayName');
    expect(served.executedQueryString).toContain("No request of this query's own");
    expect(data(served)).toEqual(data((await alone(query('B', [ADD_USER]), range())).result));
  });

  it('kept in memory: when the wider walk’s tail fails, the narrower panel keeps that failure instead of walking its whole range', async () => {
    const { clock, tenant, run } = rig();
    const range = () => ({ from: clock.now() - DAY, to: clock.now() });
    await runWithClock(clock, run(ALL_EVENTS, range()));
    await clock.advance(MINUTE);
    const asked: string[] = [];
    const refused: typeof tenant.transport = async (request) => {
      asked.push(request.url);
      return { status: 403, headers: {}, bodyText: JSON.stringify({ error: { code: 'Authorization_RequestDenied' } }) };
    };
    const served = await runWithClock(clock, run(query('B', [ADD_USER]), range(), { transport: refused }));
    expect(served.error?.code).toBe('permissionDenied');
    expect(served.executedQueryString).toContain("No request of this query's own");
    // The wider walk's tail only: no walk of the narrower panel's own range after it.
    expect(asked).toHaveLength(1);
    expect(new URL(asked[0]).searchParams.get('$filter')).not.toContain('activityDisplayName');
  });
});
