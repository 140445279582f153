import { QueryContext, runQuery } from './engine';
import { parseBucket } from './plan/bucket';
import { planGroups } from './frames/groups';
import { timeSeriesFrames } from './frames/timeSeries';
import { auditEvent } from './frames/testEvents';
import { MAX_NAMED_GROUPS, MAX_QUERY_JSON_BYTES, MAX_SERIES, MAX_VALUES_PER_RESPONSE } from './model/limits';
import { AuditQuery, withQueryDefaults } from './model/query';
import { resolveSettings } from './model/settings';
import { graphPage, runWithClock, scriptedTransport } from './testing/scriptedTransport';
import { ManualClock } from './time/manualClock';
import { engineDeps } from './testing/engineDeps';

// Issue 14, findings 1 and 2: queries any Viewer can send that once crashed a backend or a
// browser. Each is now refused before any request and before anything large is allocated.

const FROM = Date.parse('2026-11-20T10:00:00Z');
const TO = Date.parse('2026-11-20T11:00:00Z');

function context(settings = {}): QueryContext {
  return {
    settings: resolveSettings({ tenantId: 'contoso.onmicrosoft.com', clientId: 'app', ...settings }),
    range: { from: FROM, to: TO },
    intervalMs: 60_000,
    maxDataPoints: 1000,
  };
}

async function run(query: Partial<AuditQuery>, settings = {}) {
  const clock = new ManualClock('2026-11-20T12:00:00Z');
  const transport = scriptedTransport([graphPage([])]);
  const full = { refId: 'A', format: 'timeSeries', groupBy: 'activity', filters: [], ...query } as AuditQuery;
  const result = await runWithClock(clock, runQuery(full, context(settings), engineDeps({ transport, clock })));
  return { result, requests: transport.requests };
}

describe('named limits', () => {
  it.each([
    { bucket: '300000w', why: 'overflows 64-bit nanoseconds; it once answered one point' },
    {
      bucket: '99999999999999999999w',
      why: 'overflows 64-bit milliseconds; it once looped the Go backend out of memory',
    },
    { bucket: `${'9'.repeat(400)}w`, why: 'overflows a float' },
  ])('refuses a bucket wider than the range before any request ($why)', async ({ bucket }) => {
    const { result, requests } = await run({ bucket });
    expect(result.error).toMatchObject({ code: 'limitExceeded' });
    expect(result.error?.message).toContain('the limit "bucket at most the range" allows at most the range');
    expect(result.frames).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('refuses 2,000 named groups with a small bucket before any request (npm run query ran out of memory)', async () => {
    const groups = Array.from({ length: 2000 }, (_, i) => `group ${i}`);
    const { result, requests } = await run({ bucket: '1s', groups });
    expect(result.error).toMatchObject({ code: 'limitExceeded' });
    expect(result.error?.message).toContain('The query names 2,000 groups; the limit "named groups" is 500.');
    expect(requests).toEqual([]);
  });

  it('refuses a query over the size limit, measured as the bytes of its compact JSON', async () => {
    // Each é is two bytes of UTF-8: the limit counts bytes, as the Go backend does, not characters.
    const padding = 'é'.repeat(MAX_QUERY_JSON_BYTES / 2);
    const { result, requests } = await run({ filters: [{ field: 'result', operator: 'eq', values: [padding, 'x'] }] });
    expect(result.error?.message).toMatch(
      /^The query is 262,\d{3} bytes of JSON; the limit "query size" is 262,144 bytes/
    );
    expect(requests).toEqual([]);
  });

  it('refuses "Events per query" above 1,000,000 before any request', async () => {
    const { result, requests } = await run({ bucket: '1h' }, { maxEvents: 1_000_001 });
    // A stored setting over the limit breaks the settings rule, so Save & test says so too.
    expect(result.error).toMatchObject({ code: 'invalidSettings', rule: 'badMaxEvents' });
    expect(result.error?.message).toContain('the limit "events per query" is at most 1,000,000');
    expect(requests).toEqual([]);
  });

  it('accepts the named-group limit itself', async () => {
    const groups = Array.from({ length: MAX_NAMED_GROUPS }, (_, i) => `group ${i}`);
    const { result } = await run({ format: 'alertNumbers', groups });
    expect(result.error).toBeUndefined();
    expect(result.frames).toHaveLength(MAX_NAMED_GROUPS);
  });
});

describe('parseBucket', () => {
  it('keeps a typed bucket within [1 s, the range] and clamps auto to it', () => {
    expect(parseBucket('1h', 0, 3_600_000)).toBe(3_600_000);
    expect(() => parseBucket('3601s', 0, 3_600_000)).toThrow('bucket at most the range');
    expect(() => parseBucket('999ms', 0, 3_600_000)).toThrow('at least one second');
    expect(parseBucket('auto', 86_400_000, 3_600_000)).toBe(3_600_000);
    expect(parseBucket('auto', -5, 3_600_000)).toBe(1000);
    // A range under a second still allows a one-second bucket.
    expect(parseBucket('1s', 0, 0)).toBe(1000);
  });
});

describe('series and values per response', () => {
  it('folds the smallest unnamed groups into other past the series limit, keeping every named group', () => {
    const counts = new Map(
      Array.from({ length: MAX_SERIES + 5 }, (_, i) => [`g${String(i).padStart(4, '0')}`, 10] as const)
    );
    const plan = planGroups(counts, ['named'], 0, MAX_SERIES);
    expect(plan.capped).toBe(true);
    expect(plan.groups).toHaveLength(MAX_SERIES);
    expect(plan.groups).toContain('named');
    expect(plan.groups[plan.groups.length - 1]).toBe('other');
    expect(plan.assign('g1004')).toBe('other');
  });

  it('keeps series × points within the values limit by folding into other, with a notice', () => {
    // One-second buckets over an hour: 3,601 points, so at most 555 series fit in 2,000,000 values.
    const events = Array.from({ length: 600 }, (_, i) =>
      auditEvent(String(i), '2026-11-20T10:30:00Z', { activity: `a${i}` })
    );
    const { frames, notices } = timeSeriesFrames({
      query: withQueryDefaults({ refId: 'A', bucket: '1s' }),
      events,
      from: FROM,
      to: TO,
      truncated: false,
      intervalMs: 1000,
    });
    expect(frames).toHaveLength(Math.floor(MAX_VALUES_PER_RESPONSE / 3601));
    expect(frames[frames.length - 1].name).toBe('other');
    expect(notices).toEqual([expect.objectContaining({ text: expect.stringContaining('Only 554 series are shown') })]);
  });
});
