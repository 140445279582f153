import { QueryContext, runQuery, QueryResult } from './engine';
import { engineDeps, EngineDepsParts } from './testing/engineDeps';
import { AuditQuery } from './model/query';
import { resolveSettings } from './model/settings';
import {
  directoryAudit,
  graphPage,
  runWithClock,
  scriptedTransport,
  ScriptedAnswer,
} from './testing/scriptedTransport';
import { ManualClock } from './time/manualClock';

const NOW = '2026-11-20T12:00:00Z';
const ENDPOINT = 'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits';
const FROM = Date.parse('2026-11-20T10:00:00Z');
const TO = Date.parse('2026-11-20T11:00:00Z');

function context(overrides: Partial<QueryContext> = {}, settings = {}): QueryContext {
  return {
    settings: resolveSettings({ tenantId: 'contoso.onmicrosoft.com', clientId: 'app', ...settings }),
    range: { from: FROM, to: TO },
    intervalMs: 1_800_000,
    maxDataPoints: 1000,
    ...overrides,
  };
}

function query(overrides: Partial<AuditQuery> = {}): AuditQuery {
  return { refId: 'A', format: 'alertNumbers', groupBy: 'activity', filters: [], ...overrides };
}

async function run(answers: ScriptedAnswer[], q = query(), ctx = context(), extra: Partial<EngineDepsParts> = {}) {
  const clock = new ManualClock(NOW);
  const transport = scriptedTransport(answers);
  const progress: QueryResult[] = [];
  const result = await runWithClock(
    clock,
    runQuery(q, ctx, engineDeps({ transport, clock, random: () => 0, onProgress: (p) => progress.push(p), ...extra }))
  );
  return { result, progress, transport, clock };
}

const numbers = (result: QueryResult) => Object.fromEntries(result.frames.map((f) => [f.name, f.fields[0]?.values[0]]));

describe('runQuery', () => {
  it('walks every page, through faults, and counts each activity exactly once', async () => {
    const { result, transport } = await run([
      graphPage(
        [directoryAudit('1', '2026-11-20T11:00:00Z'), directoryAudit('2', '2026-11-20T10:30:00Z', 'Delete user')],
        `${ENDPOINT}?$skiptoken=2`
      ),
      { status: 429, headers: { 'Retry-After': '0.5' } },
      { status: 200, bodyText: '{"value": [' },
      graphPage(
        [directoryAudit('2', '2026-11-20T10:30:00Z', 'Delete user'), directoryAudit('3', '2026-11-20T10:00:00Z')],
        `${ENDPOINT}?$skiptoken=3`
      ),
      { fail: 'reset' },
      graphPage([]),
    ]);
    expect(result.error).toBeUndefined();
    expect(numbers(result)).toEqual({ 'Add user': 2, 'Delete user': 1 });
    expect(transport.requests).toHaveLength(6);
    expect(result.requests.map((r) => [r.path, r.query.$skiptoken ?? ''])).toEqual([
      ['v1.0/auditLogs/directoryAudits', ''],
      ['v1.0/auditLogs/directoryAudits', '2'],
      ['v1.0/auditLogs/directoryAudits', '2'],
      ['v1.0/auditLogs/directoryAudits', '2'],
      ['v1.0/auditLogs/directoryAudits', '3'],
      ['v1.0/auditLogs/directoryAudits', '3'],
    ]);
    expect(result.requests[0]).toEqual({
      method: 'GET',
      path: 'v1.0/auditLogs/directoryAudits',
      query: {
        $filter: 'activityDateTime ge 2026-11-20T10:00:00.000Z and activityDateTime le 2026-11-20T11:00:00.000Z',
        $top: '1000',
        $orderby: 'activityDateTime desc',
      },
    });
  });

  it('shows the exact request on every frame', async () => {
    const { result } = await run([
      graphPage([directoryAudit('1', '2026-11-20T10:10:00Z'), directoryAudit('2', '2026-11-20T10:20:00Z', 'X')]),
    ]);
    for (const frame of result.frames) {
      expect(frame.meta.executedQueryString).toBe(result.executedQueryString);
    }
    expect(result.executedQueryString).toMatch(
      /^GET https:\/\/graph\.microsoft\.com\/v1\.0\/auditLogs\/directoryAudits\?\$filter=activityDateTime ge /
    );
  });

  it('streams partial results after each page but the last', async () => {
    const { progress, result } = await run(
      [
        graphPage([directoryAudit('1', '2026-11-20T10:50:00Z')], `${ENDPOINT}?$skiptoken=2`),
        graphPage([directoryAudit('2', '2026-11-20T10:40:00Z')], `${ENDPOINT}?$skiptoken=3`),
        graphPage([directoryAudit('3', '2026-11-20T10:30:00Z')]),
      ],
      query({ format: 'events' })
    );
    expect(progress).toHaveLength(2);
    // A partial leaves out the oldest millisecond fetched: the next page may hold more of it.
    expect(progress.map((p) => p.frames[0].fields[0].values.length)).toEqual([0, 1]);
    expect(progress[0].notices[0].text).toMatch(/Loading: 1 events fetched so far/);
    expect(result.frames[0].fields[0].values).toHaveLength(3);
    expect(result.notices).toEqual([]);
  });

  describe('with a yield between slices of rows', () => {
    const pages = () =>
      Array.from({ length: 12 }, (_, i) =>
        graphPage(
          Array.from({ length: 3 }, (_, k) =>
            directoryAudit(
              `${i}-${k}`,
              new Date(TO - (i * 3 + k + 1) * 60_000).toISOString(),
              k ? 'Add user' : 'Delete user'
            )
          ),
          i < 11 ? `${ENDPOINT}?$skiptoken=${i + 1}` : undefined
        )
      );

    it.each(['events', 'logs', 'timeSeries'] as const)(
      'returns the same %s result as one synchronous pass',
      async (format) => {
        let yields = 0;
        const sliced = await run(
          pages(),
          query({ format, filters: [{ field: 'activity', operator: 'eq', values: ['Delete user', 'Add group'] }] }),
          context(),
          {
            yieldToEventLoop: async () => void yields++,
            rowsPerSlice: 4,
          }
        );
        const whole = await run(
          pages(),
          query({ format, filters: [{ field: 'activity', operator: 'eq', values: ['Delete user', 'Add group'] }] })
        );
        expect(sliced.result.error).toBeUndefined();
        expect(JSON.stringify(sliced.result)).toBe(JSON.stringify(whole.result));
        expect(sliced.progress.length).toBeGreaterThan(0);
        expect(yields).toBeGreaterThan(0);
      }
    );

    it('delivers partials in order, skips ones overtaken while building, and none after the result', async () => {
      // Each yield lets the walk run on, so later pages arrive while a partial is still being built.
      const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
      const { progress, result } = await run(pages(), query({ format: 'events' }), context(), {
        yieldToEventLoop,
        rowsPerSlice: 2,
      });
      const delivered = progress.length;
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(progress).toHaveLength(delivered);
      const fetched = progress.map((p) => Number(p.notices[0].text.match(/(\d+) events fetched/)![1]));
      expect(fetched).toEqual([...fetched].sort((a, b) => a - b));
      expect(result.frames[0].fields[0].values).toHaveLength(36);
    });
  });

  it('rebuilds partials only when the fetched count doubles while the clock stands still', async () => {
    const pages = Array.from({ length: 10 }, (_, i) =>
      graphPage(
        [directoryAudit(String(i), new Date(TO - (i + 1) * 60_000).toISOString())],
        i < 9 ? `${ENDPOINT}?$skiptoken=${i + 1}` : undefined
      )
    );
    const { progress } = await run(pages, query({ format: 'summary' }));
    expect(progress.map((p) => p.notices[0].text.match(/(\d+) events fetched/)![1])).toEqual(['1', '2', '4', '8']);
  });

  it('also streams a partial once a second of walk time has passed', async () => {
    const { progress } = await run(
      [
        graphPage([directoryAudit('1', '2026-11-20T10:50:00Z')], `${ENDPOINT}?$skiptoken=2`),
        graphPage([directoryAudit('2', '2026-11-20T10:49:00Z')], `${ENDPOINT}?$skiptoken=3`),
        { status: 503, headers: { 'Retry-After': '1.5' } },
        graphPage([directoryAudit('3', '2026-11-20T10:48:00Z')], `${ENDPOINT}?$skiptoken=4`),
        graphPage([directoryAudit('4', '2026-11-20T10:47:00Z')], `${ENDPOINT}?$skiptoken=5`),
        graphPage([directoryAudit('5', '2026-11-20T10:46:00Z')]),
      ],
      query({ format: 'summary' })
    );
    expect(progress.map((p) => p.notices[0].text.match(/(\d+) events fetched/)![1])).toEqual(['1', '2', '3']);
  });

  const cutWalk = () => [
    graphPage(
      [directoryAudit('1', '2026-11-20T10:50:00Z'), directoryAudit('2', '2026-11-20T10:40:00Z')],
      `${ENDPOINT}?$skiptoken=2`
    ),
    graphPage(
      [directoryAudit('3', '2026-11-20T10:30:00Z'), directoryAudit('4', '2026-11-20T10:20:00Z')],
      `${ENDPOINT}?$skiptoken=3`
    ),
  ];

  it('says so when the events limit stops the walk, and counts only the covered span', async () => {
    const { result, transport } = await run(cutWalk(), query({ format: 'summary' }), context({}, { maxEvents: 3 }));
    expect(transport.requests).toHaveLength(2);
    expect(result.frames[0].fields[1].values).toEqual([3]);
    expect(result.notices).toEqual([
      {
        severity: 'warning',
        text: expect.stringMatching(
          /limit of 3 events per query: results cover only 2026-11-20T10:30:00\.000Z to 2026-11-20T11:00:00\.000Z/
        ),
      },
    ]);
    expect(result.frames[0].meta.notices).toEqual(result.notices);
  });

  it('fails alert numbers cut by the events limit instead of under-counting', async () => {
    const { result } = await run(cutWalk(), query({ format: 'alertNumbers' }), context({}, { maxEvents: 3 }));
    expect(result.frames).toEqual([]);
    expect(result.error).toEqual({
      code: 'eventsLimit',
      message: expect.stringMatching(/events limit \(3 per query\)/),
    });
  });

  it('returns Graph errors in `error`, with the request that failed', async () => {
    const { result } = await run([
      { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges' } } },
    ]);
    expect(result.frames).toEqual([]);
    expect(result.error).toEqual({
      code: 'permissionDenied',
      status: 403,
      message: expect.stringMatching(/AuditLog\.Read\.All/),
    });
    expect(result.requests).toHaveLength(1);
    expect(result.executedQueryString).toContain('$filter=');
  });

  it('returns planning errors without any request', async () => {
    const { result, transport } = await run([], query({ rawFilter: "x eq 'a') or (true" }));
    expect(result.error?.code).toBe('invalidQuery');
    expect(transport.requests).toHaveLength(0);
  });

  it('asks Microsoft nothing for a range entirely before retention, and still reports named groups', async () => {
    const old = { from: Date.parse('2026-09-01T00:00:00Z'), to: Date.parse('2026-09-02T00:00:00Z') };
    const { result, transport } = await run([], query({ groups: ['Add user'] }), context({ range: old }));
    expect(transport.requests).toHaveLength(0);
    expect(numbers(result)).toEqual({ 'Add user': 0 });
    expect(result.notices[0].text).toMatch(/older than the tenant's 30-day audit retention/);
  });

  it('clamps a range reaching before retention and says so', async () => {
    const { result } = await run(
      [graphPage([])],
      query(),
      context({ range: { from: Date.parse('2026-10-01T00:00:00Z'), to: TO } })
    );
    expect(result.requests[0].query.$filter).toMatch(/^activityDateTime ge 2026-10-21T12:00:00\.000Z and/);
    expect(result.notices[0].severity).toBe('warning');
  });

  it('rejects with an AbortError when cancelled, and sends nothing more', async () => {
    const controller = new AbortController();
    const clock = new ManualClock(NOW);
    const transport = scriptedTransport([{ fail: 'hang' }]);
    const running = runQuery(query(), context(), engineDeps({ transport, clock, signal: controller.signal }));
    await Promise.resolve();
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(transport.requests).toHaveLength(1);
  });

  it('filters plugin-side after fetching and reports it', async () => {
    const { result } = await run(
      [
        graphPage([
          directoryAudit('1', '2026-11-20T10:10:00Z', 'Add user', { category: 'GroupManagement' }),
          directoryAudit('2', '2026-11-20T10:20:00Z'),
        ]),
      ],
      query({ filters: [{ field: 'category', operator: 'eq', values: ['GroupManagement'] }] })
    );
    expect(numbers(result)).toEqual({ 'Add user': 1 });
    expect(result.requests[0].query.$filter).not.toContain('category');
    expect(result.executedQueryString).toContain(
      "Filtered by the plugin after fetching: category eq 'GroupManagement'"
    );
  });
});
