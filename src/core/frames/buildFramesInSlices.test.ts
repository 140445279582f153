import { withQueryDefaults, QueryFormat } from '../model/query';
import { buildFrames } from './buildFrames';
import { buildFramesInSlices, filterInSlices } from './buildFramesInSlices';
import { FrameInput } from './frameInput';
import { auditEvent } from './testEvents';

const events = Array.from({ length: 23 }, (_, i) =>
  auditEvent(`e${i}`, new Date(Date.parse('2026-11-20T10:00:00Z') - i * 60_000).toISOString(), {
    result: i % 3 === 0 ? 'failure' : 'success',
    additionalDetails: i % 2 === 0 ? [{ key: 'User-Agent', value: `agent "${i}"` }] : [],
    modifiedProperties: i % 5 === 0 ? [{ target: 'Jo', displayName: 'X', oldValue: '', newValue: '"y"' }] : [],
  })
);

function input(format: QueryFormat): FrameInput {
  return {
    query: withQueryDefaults({ refId: 'A', format }),
    events,
    from: Date.parse('2026-11-20T09:30:00Z'),
    to: Date.parse('2026-11-20T10:00:00Z'),
    truncated: false,
    intervalMs: 300_000,
  };
}

describe('buildFramesInSlices', () => {
  it.each(['events', 'logs', 'timeSeries', 'summary', 'alertNumbers'] as QueryFormat[])(
    'builds the same %s frames as buildFrames, byte for byte',
    async (format) => {
      const sliced = await buildFramesInSlices(input(format), () => Promise.resolve(), 4);
      expect(JSON.stringify(sliced)).toBe(JSON.stringify(buildFrames(input(format))));
    }
  );

  it('yields between slices of rows, and not after the last one', async () => {
    let yields = 0;
    await buildFramesInSlices(input('events'), async () => void yields++, 10);
    expect(yields).toBe(2);
    yields = 0;
    await buildFramesInSlices(input('logs'), async () => void yields++, 23);
    expect(yields).toBe(0);
  });

  it('filters in slices, keeping order', async () => {
    let yields = 0;
    const kept = await filterInSlices(
      events,
      (e) => e.result === 'failure',
      async () => void yields++,
      5
    );
    expect(kept.map((e) => e.id)).toEqual(events.filter((e) => e.result === 'failure').map((e) => e.id));
    expect(yields).toBe(4);
  });
});
