import { AuditQuery } from '../model/query';
import { resolveSettings } from '../model/settings';
import { plannerFor } from '../plan/planQuery';
import { TimeRange } from '../plan/planRequest';
import { directoryAudit, graphPage, runWithClock, scriptedTransport } from '../testing/scriptedTransport';
import { ManualClock } from '../time/manualClock';
import { plainWalker, Walker, WalkRequest } from '../walk/walker';
import { coordinatedWalker } from './coordinatedWalker';
import { IncrementalWalks } from './incrementalWalks';
import { RequestBudget } from './requestBudget';
import { SharedWalks } from './sharedWalks';

const settings = resolveSettings({ tenantId: 'contoso.onmicrosoft.com', clientId: 'app', ingestionDelayMinutes: 5 });
const HOUR = 3_600_000;
const RANGE: TimeRange = { from: Date.parse('2026-11-20T10:00:00Z'), to: Date.parse('2026-11-20T11:00:00Z') };
const QUERY: AuditQuery = { refId: 'A', format: 'summary', groupBy: 'activity', filters: [] };
const page = () => graphPage([directoryAudit('1', '2026-11-20T10:30:00Z')]);

function setup() {
  const clock = new ManualClock('2026-11-20T12:00:00Z');
  const transport = scriptedTransport(() => page());
  const planFor = plannerFor(QUERY, settings, clock);
  const request = (range = RANGE, extra: Partial<WalkRequest> = {}): WalkRequest => ({
    plan: planFor(range),
    planFor,
    settings,
    ...extra,
  });
  const walk = (walker: Walker, walkRequest = request()) => runWithClock(clock, walker.walk(walkRequest));
  return { clock, transport, request, walk };
}

describe('coordinatedWalker', () => {
  it('lets the walkers of two queries share one walk through the data source’s SharedWalks', async () => {
    const { clock, transport, request } = setup();
    const sharedWalks = new SharedWalks(clock);
    const walkerOf = () => coordinatedWalker({ transport, clock, sharedWalks });
    const [a, b] = await runWithClock(clock, Promise.all([walkerOf().walk(request()), walkerOf().walk(request())]));
    expect(transport.requests).toHaveLength(1);
    expect(a.collector.result(false).events.map((e) => e.id)).toEqual(['1']);
    expect(b.collector.result(false).events.map((e) => e.id)).toEqual(['1']);
  });

  it('walks each query alone without coordination, as the plain walker does', async () => {
    const { clock, transport, request } = setup();
    await runWithClock(
      clock,
      Promise.all([
        coordinatedWalker({ transport, clock }).walk(request()),
        plainWalker({ transport, clock }).walk(request()),
      ])
    );
    expect(transport.requests).toHaveLength(2);
  });

  it('fetches only the tail of a range that moved forward from the walk cache', async () => {
    const { clock, transport, request, walk } = setup();
    const walker = coordinatedWalker({ transport, clock, walkCache: new IncrementalWalks(clock) });
    await walk(walker);
    const moved = { from: RANGE.from + HOUR / 2, to: RANGE.to + HOUR / 2 };
    const outcome = await walk(walker, request(moved));
    expect(transport.requests).toHaveLength(2);
    expect(decodeURIComponent(transport.requests[1].url)).toContain(
      'activityDateTime ge 2026-11-20T11:00:00.000Z and activityDateTime le 2026-11-20T11:30:00.000Z'
    );
    expect(outcome.collector.result(false).events.map((e) => e.id)).toEqual(['1']);
  });

  it('tells its query about a 429 on the budget while it walks, and stops listening when the walk ends', async () => {
    const clock = new ManualClock('2026-11-20T12:00:00Z');
    const answers = [{ status: 429, headers: { 'Retry-After': '7' } }, page(), { status: 429 }, page()];
    const transport = scriptedTransport(answers);
    const budget = new RequestBudget(5, 10_000);
    const planFor = plannerFor(QUERY, settings, clock);
    const throttled: number[] = [];
    const onThrottled = (resumeAt: number) => throttled.push(resumeAt - clock.now());
    const walker = coordinatedWalker({ transport, clock, budget, random: () => 0 });
    await runWithClock(clock, walker.walk({ plan: planFor(RANGE), planFor, settings, onThrottled }));
    expect(throttled).toEqual([7000]);
    // Another query's 429 after this walk ended is not this query's to show.
    await runWithClock(clock, walker.walk({ plan: planFor(RANGE), planFor, settings }));
    expect(transport.requests).toHaveLength(4);
    expect(throttled).toEqual([7000]);
  });
});
