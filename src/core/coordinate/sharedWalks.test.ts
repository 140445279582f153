import { QueryContext, runQuery } from '../engine';
import { AuditQuery } from '../model/query';
import { resolveSettings } from '../model/settings';
import {
  directoryAudit,
  graphPage,
  runWithClock,
  scriptedTransport,
  ScriptedAnswer,
} from '../testing/scriptedTransport';
import { ManualClock } from '../time/manualClock';
import { SharedWalks } from './sharedWalks';
import { engineDeps } from '../testing/engineDeps';

const ENDPOINT = 'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits';
const context: QueryContext = {
  settings: resolveSettings({ tenantId: 'contoso.onmicrosoft.com', clientId: 'app' }),
  range: { from: Date.parse('2026-11-20T10:00:00Z'), to: Date.parse('2026-11-20T11:00:00Z') },
  intervalMs: 3_600_000,
  maxDataPoints: 100,
};
const query = (overrides: Partial<AuditQuery> = {}): AuditQuery => ({
  refId: 'A',
  format: 'summary',
  groupBy: 'activity',
  filters: [],
  ...overrides,
});

const twoPages = (): ScriptedAnswer[] => [
  graphPage(
    [
      directoryAudit('1', '2026-11-20T10:50:00Z'),
      directoryAudit('2', '2026-11-20T10:40:00Z', 'Delete user', { result: 'failure' }),
    ],
    `${ENDPOINT}?$skiptoken=2`
  ),
  graphPage([directoryAudit('3', '2026-11-20T10:30:00Z')]),
];

function setup(
  answers: Parameters<typeof scriptedTransport>[0],
  limits: ConstructorParameters<typeof SharedWalks>[1] = {}
) {
  const clock = new ManualClock('2026-11-20T12:00:00Z');
  const transport = scriptedTransport(answers);
  const walks = new SharedWalks(clock, limits);
  const run = (q: AuditQuery, extra: { signal?: AbortSignal; onProgress?: () => void } = {}) =>
    runQuery(q, context, engineDeps({ transport, clock, sharedWalks: walks, random: () => 0, ...extra }));
  return { clock, transport, walks, run };
}

const counts = (frame: { fields: Array<{ values: unknown[] }> }) =>
  Object.fromEntries(frame.fields[0].values.map((g, i) => [g, frame.fields[1].values[i]]));

describe('SharedWalks', () => {
  it('walks once for panels asking the same first page, each with its own filters and format', async () => {
    const { transport, run, clock } = setup(twoPages());
    const progressA: number[] = [];
    const progressB: number[] = [];
    const [a, b] = await runWithClock(
      clock,
      Promise.all([
        run(query(), { onProgress: () => progressA.push(1) }),
        run(
          query({
            refId: 'B',
            format: 'alertNumbers',
            filters: [{ field: 'result', operator: 'eq', values: ['failure'] }],
          }),
          {
            onProgress: () => progressB.push(1),
          }
        ),
      ])
    );
    expect(transport.requests).toHaveLength(2);
    expect(counts(a.frames[0])).toEqual({ 'Add user': 2, 'Delete user': 1 });
    expect(b.frames.map((f) => [f.name, f.fields[0].values[0]])).toEqual([['Delete user', 1]]);
    expect(b.requests).toEqual(a.requests);
    expect([progressA.length, progressB.length]).toEqual([1, 1]);
  });

  it('walks separately when the pushed-down filters differ and neither is wider', async () => {
    const { transport, run, clock } = setup((request) => twoPages()[request.url.includes('skiptoken') ? 1 : 0]);
    await runWithClock(
      clock,
      Promise.all([
        run(query({ filters: [{ field: 'service', operator: 'eq', values: ['Core Directory'] }] })),
        run(query({ filters: [{ field: 'activity', operator: 'startsWith', values: ['Add'] }] })),
      ])
    );
    expect(transport.requests).toHaveLength(4);
  });

  it('reuses a finished walk until it is 30 s old', async () => {
    const { transport, run, clock } = setup([...twoPages(), ...twoPages()]);
    await runWithClock(clock, run(query()));
    await clock.advance(29_999);
    await runWithClock(clock, run(query({ format: 'events' })));
    expect(transport.requests).toHaveLength(2);
    await clock.advance(1);
    await runWithClock(clock, run(query()));
    expect(transport.requests).toHaveLength(4);
  });

  it('never reuses a failed walk', async () => {
    const { transport, run, clock } = setup([{ status: 403 }, ...twoPages()]);
    expect((await runWithClock(clock, run(query()))).error?.code).toBe('permissionDenied');
    expect((await runWithClock(clock, run(query()))).error).toBeUndefined();
    expect(transport.requests).toHaveLength(3);
  });

  it('keeps walking for the panels still waiting when one leaves, and stops when the last leaves', async () => {
    const { transport, run, walks } = setup([{ fail: 'hang' }]);
    const first = new AbortController();
    const second = new AbortController();
    const a = run(query(), { signal: first.signal });
    const b = run(query({ refId: 'B' }), { signal: second.signal });
    for (let i = 0; i < 20 && transport.requests.length === 0; i++) {
      await Promise.resolve();
    }
    first.abort();
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    expect(transport.requests[0].signal?.aborted).toBe(false);
    second.abort();
    await expect(b).rejects.toMatchObject({ name: 'AbortError' });
    expect(transport.requests[0].signal?.aborted).toBe(true);
    expect(walks.size).toBe(0);
  });

  it('forgets the oldest finished walks when they hold too many events', async () => {
    const { transport, run, clock } = setup((request) => twoPages()[request.url.includes('skiptoken') ? 1 : 0], {
      maxReusableEvents: 5,
    });
    // Neither filter is wider than the other, so neither walk serves the other query.
    const first = query({ filters: [{ field: 'service', operator: 'eq', values: ['Core Directory'] }] });
    const other = query({ filters: [{ field: 'activity', operator: 'eq', values: ['Add user'] }] });
    await runWithClock(clock, run(first));
    await runWithClock(clock, run(other));
    expect(transport.requests).toHaveLength(4);
    // Two walks of 3 events each exceed 5: the older one is dropped, the newer one is reused.
    await runWithClock(clock, run(other));
    expect(transport.requests).toHaveLength(4);
    await runWithClock(clock, run(first));
    expect(transport.requests).toHaveLength(6);
  });

  it('does not reuse a walk whose range reaches into the ingestion delay', async () => {
    const { transport, clock, walks } = setup((request) => twoPages()[request.url.includes('skiptoken') ? 1 : 0]);
    const recent = {
      ...context,
      range: { from: Date.parse('2026-11-20T11:00:00Z'), to: Date.parse('2026-11-20T11:57:00Z') },
    };
    const runRecent = () =>
      runQuery(query(), recent, engineDeps({ transport, clock, sharedWalks: walks, random: () => 0 }));
    await runWithClock(clock, Promise.all([runRecent(), runRecent()]));
    expect(transport.requests).toHaveLength(2);
    await runWithClock(clock, runRecent());
    expect(transport.requests).toHaveLength(4);
  });
});
