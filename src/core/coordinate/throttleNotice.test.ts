import { QueryResult, runQuery } from '../engine';
import { resolveSettings } from '../model/settings';
import { directoryAudit, graphPage, runWithClock, scriptedTransport } from '../testing/scriptedTransport';
import { engineDeps } from '../testing/engineDeps';
import { ManualClock } from '../time/manualClock';
import { RequestBudget } from './requestBudget';

const NOW = '2026-11-20T12:00:00Z';
const FROM = Date.parse('2026-11-20T10:00:00Z');
const TO = Date.parse('2026-11-20T11:00:00Z');

describe('a query waiting out a 429', () => {
  it('streams "throttled, retrying in N s" instead of failing, then finishes', async () => {
    const clock = new ManualClock(NOW);
    const transport = scriptedTransport([
      { status: 429, headers: { 'Retry-After': '7' } },
      graphPage([directoryAudit('1', '2026-11-20T10:30:00Z')]),
    ]);
    const partials: QueryResult[] = [];
    const result = await runWithClock(
      clock,
      runQuery(
        { refId: 'A', format: 'summary', groupBy: 'activity', filters: [] },
        {
          settings: resolveSettings({ tenantId: 'contoso.onmicrosoft.com', clientId: 'app' }),
          range: { from: FROM, to: TO },
          intervalMs: 60_000,
          maxDataPoints: 1000,
        },
        engineDeps({
          transport,
          clock,
          budget: new RequestBudget(5, 10_000),
          random: () => 0,
          onProgress: (partial) => partials.push(partial),
        })
      )
    );
    const throttled = partials.flatMap((p) => p.notices).filter((n) => n.text.includes('throttling'));
    expect(throttled).toHaveLength(1);
    expect(throttled[0]).toMatchObject({ severity: 'warning' });
    expect(throttled[0].text).toContain('Throttled by Microsoft Graph (HTTP 429): retrying in 7 s');
    expect(throttled[0].text).toContain('fails only after 10 minutes of throttling');
    expect(partials[0].frames[0].meta?.notices).toEqual(expect.arrayContaining([throttled[0]]));
    expect(result.error).toBeUndefined();
    expect(result.notices.some((n) => n.text.includes('throttling'))).toBe(false);
    expect(transport.requests).toHaveLength(2);
  });
});
