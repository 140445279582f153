import { QueryContext, QueryResult, runQuery } from '../engine';
import { IncrementalWalks } from './incrementalWalks';
import { resolveSettings } from '../model/settings';
import { runWithClock } from '../testing/scriptedTransport';
import {
  ADD_USER,
  ALL_EVENTS,
  CORE,
  data,
  firstFilters,
  HOUR,
  ids,
  NOW,
  PAST,
  query,
  rig,
} from '../testing/widerWalksRig';
import { ManualClock } from '../time/manualClock';
import { SharedWalks } from './sharedWalks';
import { engineDeps } from '../testing/engineDeps';

describe('a walk with a wider server filter serves a narrower query', () => {
  it('in flight: the narrower panels send no request and get exactly what their own walks return', async () => {
    const { clock, tenant, run, alone } = rig();
    const narrower = [
      query('B', [ADD_USER]),
      query('C', [{ field: 'activity', operator: 'startsWith', values: ['Add'] }], { format: 'summary' }),
      query('D', [ADD_USER, CORE], { format: 'timeSeries' }),
    ];
    const [all, ...served] = await runWithClock(clock, Promise.all([run(ALL_EVENTS), ...narrower.map((q) => run(q))]));
    expect(tenant.requests).toHaveLength(3);
    expect(new Set(firstFilters(tenant)).size).toBe(1);
    expect(ids(all)).toHaveLength(2500);
    for (let i = 0; i < narrower.length; i++) {
      const own = await alone(narrower[i]);
      expect(own.requests).toBeGreaterThan(0);
      expect(data(served[i])).toEqual(data(own.result));
    }
    expect(ids(served[0])).toHaveLength(625);
  });

  it('tells the query inspector where the events came from and what the plugin applied', async () => {
    const { clock, run } = rig();
    const [, served] = await runWithClock(clock, Promise.all([run(ALL_EVENTS), run(query('B', [ADD_USER]))]));
    expect(served.executedQueryString).toContain("No request of this query's own");
    expect(served.executedQueryString).toContain(
      'wider $filter=activityDateTime ge 2026-11-18T12:00:00.000Z and activityDateTime le 2026-11-19T12:00:00.000Z\n'
    );
    expect(served.executedQueryString).toContain("activity eq 'Add user'");
    expect(served.executedQueryString).toContain(
      "GET https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$filter=activityDateTime ge 2026-11-18T12:00:00.000Z and activityDateTime le 2026-11-19T12:00:00.000Z and activityDisplayName eq 'Add user'"
    );
    expect(served.frames[0].meta?.executedQueryString).toBe(served.executedQueryString);
  });

  it('prefers the narrowest wider walk', async () => {
    const { clock, tenant, run, alone } = rig();
    const [, , served] = await runWithClock(
      clock,
      // C starts first, so it walks itself; A walks itself too; D has both to choose from.
      Promise.all([run(query('C', [CORE])), run(ALL_EVENTS), run(query('D', [CORE, ADD_USER]))])
    );
    expect(new Set(firstFilters(tenant)).size).toBe(2);
    expect(served.executedQueryString).toContain(
      "wider $filter=activityDateTime ge 2026-11-18T12:00:00.000Z and activityDateTime le 2026-11-19T12:00:00.000Z and loggedByService eq 'Core Directory'\n"
    );
    expect(data(served)).toEqual(data((await alone(query('D', [CORE, ADD_USER]))).result));
  });

  it('prefers a walk of the very same request over a wider one', async () => {
    const { clock, tenant, run } = rig();
    const sameAsC = query('E', [CORE, { field: 'result', operator: 'eq', values: ['success'] }]);
    const [, , same] = await runWithClock(clock, Promise.all([run(query('C', [CORE])), run(ALL_EVENTS), run(sameAsC)]));
    expect(new Set(firstFilters(tenant)).size).toBe(2);
    expect(same.executedQueryString).not.toContain("No request of this query's own");
    expect(ids(same)).toHaveLength(1666);
  });
});

describe('a wider walk that cannot stand in', () => {
  it('cut by the events limit: the narrower query walks itself and is complete', async () => {
    const { clock, tenant, run, alone } = rig({ maxEvents: 1000 });
    const narrower = query('B', [ADD_USER]);
    const [all, own] = await runWithClock(clock, Promise.all([run(ALL_EVENTS), run(narrower)]));
    expect(all.notices.map((n) => n.text).join()).toContain('Stopped at the limit of 1000 events');
    expect(own.notices).toEqual([]);
    expect(own.executedQueryString).not.toContain("No request of this query's own");
    expect(new Set(firstFilters(tenant)).size).toBe(2);
    expect(data(own)).toEqual(data((await alone(narrower)).result));
  });

  it('cut by the events limit when the narrower is cut too: the same truncation notice its own walk gives', async () => {
    const { clock, run, alone } = rig({ maxEvents: 500 });
    const narrower = query('B', [ADD_USER]);
    const [, own] = await runWithClock(clock, Promise.all([run(ALL_EVENTS), run(narrower)]));
    expect(own.notices.map((n) => n.text).join()).toContain('Stopped at the limit of 500 events');
    expect(data(own)).toEqual(data((await alone(narrower)).result));
  });

  it('kept but cut by the limit is never offered: a later narrower query walks itself', async () => {
    const { clock, tenant, run } = rig({ maxEvents: 1000 });
    await runWithClock(clock, run(ALL_EVENTS));
    const before = tenant.requests.length;
    const own = await runWithClock(clock, run(query('B', [ADD_USER])));
    expect(tenant.requests.length).toBeGreaterThan(before);
    expect(ids(own)).toHaveLength(625);
  });

  it('failed: the narrower query keeps the wider walk’s failure instead of starting over (finding 13)', async () => {
    const { clock, tenant, run } = rig();
    const narrower = query('B', [ADD_USER]);
    const transport: typeof tenant.transport = async (request) => {
      const answer = await tenant.transport(request);
      // The second page of the wider walk is throttled past the give-up bound.
      return new URL(request.url).searchParams.has('$skiptoken') ? { status: 429, headers: {}, bodyText: '' } : answer;
    };
    const [all, served] = await runWithClock(
      clock,
      Promise.all([run(ALL_EVENTS, PAST, { transport }), run(narrower, PAST, { transport })])
    );
    expect(all.error?.code).toBe('throttled');
    expect(served.error).toEqual(all.error);
    expect(served.executedQueryString).toContain("No request of this query's own");
    expect(firstFilters(tenant).filter((f) => f!.includes('activityDisplayName'))).toHaveLength(0);
  });

  it('with an unreadable event: the narrower query walks itself', async () => {
    const { clock, tenant, run, alone } = rig();
    const narrower = query('B', [ADD_USER]);
    const unfiltered = (url: string) => !new URL(url).searchParams.get('$filter')!.includes('activityDisplayName');
    const transport: typeof tenant.transport = async (request) => {
      const answer = await tenant.transport(request);
      if (!unfiltered(request.url) || new URL(request.url).searchParams.has('$skiptoken')) {
        return answer;
      }
      const body = JSON.parse(answer.bodyText);
      body.value.push({ id: 'no-time', activityDisplayName: 'Add user' });
      return { ...answer, bodyText: JSON.stringify(body) };
    };
    const [all, own] = await runWithClock(
      clock,
      Promise.all([run(ALL_EVENTS, PAST, { transport }), run(narrower, PAST, { transport })])
    );
    expect(all.notices.map((n) => n.text).join()).toMatch(/1 events could not be read/);
    expect(own.executedQueryString).not.toContain("No request of this query's own");
    expect(firstFilters(tenant).filter((f) => f!.includes("activityDisplayName eq 'Add user'"))).toHaveLength(1);
    expect(data(own)).toEqual(data((await alone(narrower)).result));
  });

  it('a raw $filter clause is served only by a walk with the same raw clause', async () => {
    const { clock, tenant, run, alone } = rig();
    const raw = "activityDisplayName eq 'Delete user'";
    const withRaw = query('B', [CORE], { rawFilter: raw });
    const [, own] = await runWithClock(clock, Promise.all([run(ALL_EVENTS), run(withRaw)]));
    expect(new Set(firstFilters(tenant)).size).toBe(2);
    expect(data(own)).toEqual(data((await alone(withRaw)).result));

    const before = tenant.requests.length;
    const served = await runWithClock(
      clock,
      run(
        query('C', [CORE, { field: 'activity', operator: 'startsWith', values: ['Delete'] }], { rawFilter: ` ${raw} ` })
      )
    );
    expect(tenant.requests.length).toBe(before);
    expect(served.executedQueryString).toContain("No request of this query's own");
  });

  it('letter case decides an event: the narrower query walks itself rather than guess how Graph compares', async () => {
    const { clock, tenant, run, alone } = rig({ count: 40 });
    tenant.add('lower', PAST.from + HOUR, undefined, 0, { activity: 'add user' });
    const narrower = query('B', [ADD_USER]);
    await runWithClock(clock, run(ALL_EVENTS));
    const before = tenant.requests.length;
    const own = await runWithClock(clock, run(narrower));
    expect(tenant.requests.length).toBe(before + 1);
    expect(ids(own)).not.toContain('lower');
    expect(data(own)).toEqual(data((await alone(narrower)).result));
  });

  it('the legacy API never shares across filters', async () => {
    const clock = new ManualClock(NOW);
    const requests: string[] = [];
    const walks = new SharedWalks(clock);
    const settings = resolveSettings({ tenantId: 'contoso.onmicrosoft.com', clientId: 'app', api: 'legacy' });
    const context: QueryContext = { settings, range: PAST, intervalMs: HOUR, maxDataPoints: 1000 };
    const deps = {
      transport: async (request: { url: string }) => {
        requests.push(request.url);
        return { status: 200, headers: {}, bodyText: JSON.stringify({ value: [] }) };
      },
      clock,
      sharedWalks: walks,
      walkCache: new IncrementalWalks(clock),
      random: () => 0,
    };
    await runWithClock(
      clock,
      Promise.all([
        runQuery(ALL_EVENTS, context, engineDeps(deps)),
        runQuery(query('B', [ADD_USER]), context, engineDeps(deps)),
      ])
    );
    expect(requests).toHaveLength(2);
    expect(requests[1]).toContain(encodeURIComponent("activity eq 'Add user'"));
  });
});

describe('cancelling one of the queries sharing a wider walk', () => {
  it('the narrower panel leaving does not stop the wider walk', async () => {
    const { clock, tenant, run } = rig();
    const leave = new AbortController();
    const all = run(ALL_EVENTS);
    const narrower = run(query('B', [ADD_USER]), PAST, { signal: leave.signal });
    await Promise.resolve();
    leave.abort();
    await expect(narrower).rejects.toMatchObject({ name: 'AbortError' });
    const result = await runWithClock(clock, all);
    expect(ids(result)).toHaveLength(2500);
    expect(tenant.requests.every((r) => !r.signal?.aborted)).toBe(true);
    expect(tenant.requests).toHaveLength(3);
  });

  it('the wider panel leaving does not stop the walk the narrower one still waits for', async () => {
    const { clock, tenant, run, alone } = rig();
    const leave = new AbortController();
    const all = run(ALL_EVENTS, PAST, { signal: leave.signal });
    const narrower = run(query('B', [ADD_USER]));
    await Promise.resolve();
    leave.abort();
    await expect(all).rejects.toMatchObject({ name: 'AbortError' });
    const served = await runWithClock(clock, narrower);
    expect(tenant.requests).toHaveLength(3);
    expect(served.executedQueryString).toContain("No request of this query's own");
    expect(data(served)).toEqual(data((await alone(query('B', [ADD_USER]))).result));
  });

  it('both leaving stops the walk', async () => {
    const { tenant, run, walks } = rig();
    const first = new AbortController();
    const second = new AbortController();
    const all = run(ALL_EVENTS, PAST, { signal: first.signal });
    const narrower = run(query('B', [ADD_USER]), PAST, { signal: second.signal });
    first.abort();
    second.abort();
    await expect(all).rejects.toMatchObject({ name: 'AbortError' });
    await expect(narrower).rejects.toMatchObject({ name: 'AbortError' });
    expect(tenant.requests.every((r) => r.signal?.aborted)).toBe(true);
    expect(walks.size).toBe(0);
  });
});

describe('streaming from a wider walk', () => {
  it('partial results of the narrower panel hold only its own events', async () => {
    const { clock, run } = rig();
    const partials: QueryResult[] = [];
    const [, served] = await runWithClock(
      clock,
      Promise.all([run(ALL_EVENTS), run(query('B', [ADD_USER]), PAST, { onProgress: (p) => partials.push(p) })])
    );
    expect(partials.length).toBeGreaterThan(0);
    for (const partial of partials) {
      const activities = partial.frames[0].fields.find((f) => f.name === 'Activity')!.values;
      expect(new Set(activities)).toEqual(new Set(['Add user']));
      expect(partial.notices[0].text).toMatch(/^Loading: \d+ events fetched so far/);
    }
    expect(ids(served)).toHaveLength(625);
  });
});
