import { AuditQuery, withQueryDefaults } from '../model/query';
import { FrameInput } from './frameInput';
import { auditEvent } from './testEvents';
import { timeSeriesFrames } from './timeSeries';

const FROM = Date.parse('2026-11-20T10:00:00Z');
const TO = Date.parse('2026-11-20T10:15:00Z');
const MIN5 = 300_000;

function input(
  events: FrameInput['events'],
  query: Partial<AuditQuery> = {},
  overrides: Partial<FrameInput> = {}
): FrameInput {
  return {
    query: withQueryDefaults({ refId: 'A', ...query }),
    events,
    from: FROM,
    to: TO,
    truncated: false,
    intervalMs: MIN5,
    ...overrides,
  };
}

const series = (frames: ReturnType<typeof timeSeriesFrames>['frames']) =>
  Object.fromEntries(frames.map((f) => [f.name, f.fields[1].values]));

describe('timeSeriesFrames', () => {
  it('builds one zero-filled timeseries-multi frame per group, the group in the labels', () => {
    const { frames } = timeSeriesFrames(
      input([
        auditEvent('1', '2026-11-20T10:01:00Z'),
        auditEvent('2', '2026-11-20T10:11:00Z', { activity: 'Delete user' }),
      ])
    );
    expect(frames).toHaveLength(2);
    expect(frames[0]).toEqual({
      name: 'Add user',
      refId: 'A',
      meta: { type: 'timeseries-multi', typeVersion: [0, 1] },
      fields: [
        { name: 'Time', type: 'time', values: [FROM, FROM + MIN5, FROM + 2 * MIN5, FROM + 3 * MIN5] },
        {
          name: 'Value',
          type: 'number',
          labels: { activity: 'Add user' },
          config: { displayNameFromDS: 'Add user' },
          values: [1, 0, 0, 0],
        },
      ],
    });
    expect(series(frames)).toEqual({ 'Add user': [1, 0, 0, 0], 'Delete user': [0, 0, 1, 0] });
  });

  it('counts an event exactly at `to` in the bucket holding `to`, and one exactly at `from`', () => {
    const { frames } = timeSeriesFrames(
      input([auditEvent('to', '2026-11-20T10:15:00Z'), auditEvent('from', '2026-11-20T10:00:00Z')])
    );
    expect(frames[0].fields[0].values).toEqual([FROM, FROM + MIN5, FROM + 2 * MIN5, TO]);
    expect(frames[0].fields[1].values).toEqual([1, 0, 0, 1]);
  });

  it('puts an event on a bucket edge into the bucket that starts there', () => {
    const { frames } = timeSeriesFrames(
      input([auditEvent('edge', '2026-11-20T10:05:00Z'), auditEvent('before', '2026-11-20T10:04:59.999Z')])
    );
    expect(frames[0].fields[1].values).toEqual([1, 1, 0, 0]);
  });

  it('aligns buckets to multiples of the width since the epoch, not to the range start', () => {
    const from = Date.parse('2026-11-20T10:02:30Z');
    const to = Date.parse('2026-11-20T10:12:30Z');
    const { frames } = timeSeriesFrames(
      input([auditEvent('1', '2026-11-20T10:02:30Z'), auditEvent('2', '2026-11-20T10:12:30Z')], {}, { from, to })
    );
    expect(frames[0].fields[0].values).toEqual([FROM, FROM + MIN5, FROM + 2 * MIN5]);
    expect(frames[0].fields[1].values).toEqual([1, 0, 1]);
  });

  it('uses an explicit bucket over the panel interval', () => {
    const { frames } = timeSeriesFrames(input([auditEvent('1', '2026-11-20T10:01:00Z')], { bucket: '15m' }));
    expect(frames[0].fields[0].values).toEqual([FROM, TO]);
  });

  it('rejects a bucket it cannot read', () => {
    expect(() => timeSeriesFrames(input([], { bucket: 'soon' }))).toThrow(/bucket "soon" is not a duration/);
  });

  it('widens buckets with a notice when the range would need too many', () => {
    const result = timeSeriesFrames(
      input([auditEvent('1', '2026-11-20T10:01:00Z')], { bucket: '1s' }, { from: FROM - 86_400_000 })
    );
    expect(result.frames[0].fields[0].values.length).toBeLessThanOrEqual(11_000);
    expect(result.notices[0].text).toMatch(/Buckets were widened to 8 s/);
  });

  it('reports groups named in the query with explicit zeros', () => {
    const { frames } = timeSeriesFrames(input([auditEvent('1', '2026-11-20T10:01:00Z')], { groups: ['Delete user'] }));
    expect(series(frames)).toEqual({ 'Add user': [1, 0, 0, 0], 'Delete user': [0, 0, 0, 0] });
  });

  it('keeps the top N groups and sums the rest as "other" only when asked', () => {
    const events = [
      auditEvent('1', '2026-11-20T10:01:00Z', { activity: 'A' }),
      auditEvent('2', '2026-11-20T10:02:00Z', { activity: 'A' }),
      auditEvent('3', '2026-11-20T10:06:00Z', { activity: 'B' }),
      auditEvent('4', '2026-11-20T10:07:00Z', { activity: 'C' }),
    ];
    expect(Object.keys(series(timeSeriesFrames(input(events)).frames))).toEqual(['A', 'B', 'C']);
    expect(series(timeSeriesFrames(input(events, { topN: 1 })).frames)).toEqual({
      A: [2, 0, 0, 0],
      other: [0, 2, 0, 0],
    });
  });

  it('labels by the chosen grouping', () => {
    const { frames } = timeSeriesFrames(
      input([auditEvent('1', '2026-11-20T10:01:00Z', { result: 'failure' })], { groupBy: 'result' })
    );
    expect(frames[0].fields[1].labels).toEqual({ result: 'failure' });
  });

  it('returns a single typed frame without fields when there is no data', () => {
    expect(timeSeriesFrames(input([])).frames).toEqual([
      { name: 'A', refId: 'A', meta: { type: 'timeseries-multi', typeVersion: [0, 1] }, fields: [] },
    ]);
  });

  it('starts a cut walk at its first whole bucket, with a notice', () => {
    const from = Date.parse('2026-11-20T10:03:00Z');
    const result = timeSeriesFrames(
      input(
        [auditEvent('1', '2026-11-20T10:03:00Z'), auditEvent('2', '2026-11-20T10:06:00Z')],
        {},
        { from, truncated: true }
      )
    );
    expect(result.frames[0].fields[0].values).toEqual([FROM + MIN5, FROM + 2 * MIN5, TO]);
    expect(result.frames[0].fields[1].values).toEqual([1, 0, 0]);
    expect(result.notices[0].text).toMatch(/starts at 2026-11-20T10:05:00.000Z/);
  });
});
