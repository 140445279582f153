import { MAX_SERIES } from '../model/limits';
import { withQueryDefaults } from '../model/query';
import { alertNumberFrames } from './alertNumbers';
import { pairKey, splitKey } from './groupKeys';
import { timeSeriesFrames } from './timeSeries';
import { auditEvent } from './testEvents';

const FROM = Date.parse('2026-11-20T10:00:00Z');
const TO = Date.parse('2026-11-20T11:00:00Z');

describe('pair keys (a second group-by)', () => {
  const pairs: Array<[string, string]> = [
    ['a', 'b'],
    ['a\u0000', 'b'],
    ['a', '\u0000b'],
    ['a\u0000\u0000b', ''],
    ['', 'x'],
    ['ab', 'a'],
    ['a', 'bb'],
  ];

  it('gives every pair its own key and reads the pair back, NULs included', () => {
    const keys = pairs.map(([first, second]) => pairKey(first, second));
    expect(new Set(keys).size).toBe(pairs.length);
    expect(keys.map(splitKey)).toEqual(pairs);
    expect(splitKey('other')).toEqual(['other', undefined]);
  });

  it('sorts keys as the pairs sort: by the first value, then the second', () => {
    const byPair = [...pairs].sort((x, y) => compare(x[0], y[0]) || compare(x[1], y[1]));
    const byKey = [...pairs].sort((x, y) => compare(pairKey(...x), pairKey(...y)));
    expect(byKey).toEqual(byPair);
  });
});

describe('a second group-by within the named limits', () => {
  it('folds past the series limit before allocating, counting pairs, not first values', () => {
    // Two activities × 600 initiators: 1,200 pairs, more than the 1,000 series a response holds.
    const events = Array.from({ length: 1200 }, (_, i) =>
      auditEvent(String(i), '2026-11-20T10:30:00Z', { activity: `a${i % 2}`, initiatedBy: `user${i}` })
    );
    const query = withQueryDefaults({
      refId: 'A',
      format: 'alertNumbers' as const,
      secondGroupBy: 'initiatedBy' as const,
    });
    const { frames, notices } = alertNumberFrames({
      query,
      events,
      from: FROM,
      to: TO,
      truncated: false,
      intervalMs: 60_000,
    });
    expect(frames).toHaveLength(MAX_SERIES);
    expect(frames[frames.length - 1].fields[0].labels).toEqual({ activity: 'other' });
    expect(frames[frames.length - 1].fields[0].values).toEqual([201]);
    expect(notices.map((n) => n.text)).toEqual([expect.stringContaining(`Only ${MAX_SERIES - 1} series are shown`)]);
  });

  it('keeps series × points within the values limit with pairs too', () => {
    // One-second buckets over an hour: 3,601 points, so at most 555 series fit in 2,000,000 values.
    const events = Array.from({ length: 600 }, (_, i) =>
      auditEvent(String(i), '2026-11-20T10:30:00Z', { activity: 'Add user', initiatedBy: `user${i}` })
    );
    const query = withQueryDefaults({ refId: 'A', bucket: '1s', secondGroupBy: 'initiatedBy' as const });
    const { frames } = timeSeriesFrames({ query, events, from: FROM, to: TO, truncated: false, intervalMs: 1000 });
    expect(frames).toHaveLength(555);
    expect(frames[0].fields[1].labels).toEqual({ activity: 'Add user', initiatedBy: 'user0' });
    expect(frames[0].name).toBe('Add user · user0');
  });
});

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
