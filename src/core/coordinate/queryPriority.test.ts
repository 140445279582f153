import { QueryContext, runQuery } from '../engine';
import { AuditQuery } from '../model/query';
import { resolveSettings } from '../model/settings';
import { directoryAudit, graphPage, runWithClock, scriptedTransport } from '../testing/scriptedTransport';
import { ManualClock } from '../time/manualClock';
import { highestPriority, QueryPriority } from './queryPriority';
import { RequestBudget } from './requestBudget';
import { SharedWalks } from './sharedWalks';
import { engineDeps } from '../testing/engineDeps';

const ENDPOINT = 'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits';
const settings = resolveSettings({ tenantId: 'contoso.onmicrosoft.com', clientId: 'app' });
const HOUR = 3_600_000;
/** Panel A reads 09:00-10:00, panel B 10:00-11:00: two walks of two pages each. */
const RANGES = {
  A: { from: Date.parse('2026-11-20T09:00:00Z'), to: Date.parse('2026-11-20T10:00:00Z') },
  B: { from: Date.parse('2026-11-20T10:00:00Z'), to: Date.parse('2026-11-20T11:00:00Z') },
};
const query: AuditQuery = { refId: 'A', format: 'summary', groupBy: 'activity', filters: [] };

function setup({ shared = true } = {}) {
  const clock = new ManualClock('2026-11-20T12:00:00Z');
  const transport = scriptedTransport(({ url }) => {
    const walk = decodeURIComponent(url).includes('ge 2026-11-20T09:00') || url.includes('skiptoken=A') ? 'A' : 'B';
    return url.includes('skiptoken')
      ? graphPage([directoryAudit(`${walk}2`, walk === 'A' ? '2026-11-20T09:10:00Z' : '2026-11-20T10:10:00Z')])
      : graphPage(
          [directoryAudit(`${walk}1`, walk === 'A' ? '2026-11-20T09:50:00Z' : '2026-11-20T10:50:00Z')],
          `${ENDPOINT}?$skiptoken=${walk}`
        );
  });
  // One request a second: every page after the first waits in the queue.
  const budget = new RequestBudget(1, 1_000);
  const sharedWalks = shared ? new SharedWalks(clock) : undefined;
  const run = (panel: 'A' | 'B', priority: QueryPriority, signal?: AbortSignal, asked: AuditQuery = query) => {
    const context: QueryContext = { settings, range: RANGES[panel], intervalMs: HOUR, maxDataPoints: 100 };
    return runQuery(
      asked,
      context,
      engineDeps({ transport, clock, budget, sharedWalks, signal, priority: () => priority, random: () => 0 })
    );
  };
  /** Which walk's page each request fetched, in the order they went out. */
  const sent = () =>
    transport.requests.map(({ url }) =>
      url.includes('skiptoken')
        ? `${url.slice(-1)}2`
        : decodeURIComponent(url).includes('ge 2026-11-20T09:00')
          ? 'A1'
          : 'B1'
    );
  return { clock, run, sent };
}

describe('query priorities through the engine', () => {
  it('serves two dashboard walks in the order they asked, page after page', async () => {
    const { clock, run, sent } = setup();
    await runWithClock(clock, Promise.all([run('A', 'dashboard'), run('B', 'dashboard')]));
    expect(sent()).toEqual(['A1', 'A2', 'B1', 'B2']);
  });

  it('promotes a shared walk when an Explore query joins it: the walk a dashboard panel started speeds up', async () => {
    const { clock, run, sent } = setup();
    const [, panelB, explore] = await runWithClock(
      clock,
      Promise.all([run('A', 'dashboard'), run('B', 'dashboard'), run('B', 'interactive')])
    );
    expect(sent()).toEqual(['A1', 'B1', 'B2', 'A2']);
    expect(explore.frames).toEqual(panelB.frames);
  });

  it('promotes a wider walk when a narrower Explore query is served from it', async () => {
    const { clock, run, sent } = setup();
    const narrower: AuditQuery = { ...query, filters: [{ field: 'activity', operator: 'eq', values: ['Add user'] }] };
    const [, panelB, explore] = await runWithClock(
      clock,
      Promise.all([run('A', 'dashboard'), run('B', 'dashboard'), run('B', 'interactive', undefined, narrower)])
    );
    // Explore sent nothing of its own: B's unfiltered walk served it, and went ahead of A's second page.
    expect(sent()).toEqual(['A1', 'B1', 'B2', 'A2']);
    expect(explore.frames.map((f) => f.fields)).toEqual(panelB.frames.map((f) => f.fields));
    expect(explore.executedQueryString).toContain("served from another query's walk");
  });

  it('lets the walk fall back once the Explore query that joined it has left', async () => {
    const { clock, run, sent } = setup();
    const leaving = new AbortController();
    const both = Promise.all([run('A', 'dashboard'), run('B', 'dashboard')]);
    const explore = run('B', 'interactive', leaving.signal);
    leaving.abort();
    await expect(explore).rejects.toMatchObject({ name: 'AbortError' });
    await runWithClock(clock, both);
    expect(sent()).toEqual(['A1', 'A2', 'B1', 'B2']);
  });

  it('serves an Explore query walking on its own before dashboard panels that asked first', async () => {
    const { clock, run, sent } = setup({ shared: false });
    await runWithClock(clock, Promise.all([run('A', 'dashboard'), run('B', 'dashboard'), run('A', 'interactive')]));
    // Panel A's first page was already out; Explore's two pages go next, then the panels in their order.
    expect(sent()).toEqual(['A1', 'A1', 'A2', 'A2', 'B1', 'B2']);
  });
});

describe('highestPriority', () => {
  it('picks the most urgent of the queries waiting, and nothing when none waits', () => {
    expect(highestPriority(['background', 'interactive', 'dashboard'])).toBe('interactive');
    expect(highestPriority(['background', 'dashboard'])).toBe('dashboard');
    expect(highestPriority([])).toBeUndefined();
  });
});
