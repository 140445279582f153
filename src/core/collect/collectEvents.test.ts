import { directoryAudit } from '../testing/scriptedTransport';
import { EventCollector } from './collectEvents';

const RANGE = { from: Date.parse('2026-11-20T10:00:00Z'), to: Date.parse('2026-11-20T11:00:00Z') };
const at = (iso: string) => Date.parse(iso);

describe('EventCollector', () => {
  it('de-duplicates by id across pages and keeps events on both edges', () => {
    const collector = new EventCollector(RANGE, 100);
    collector.add([directoryAudit('a', '2026-11-20T11:00:00Z'), directoryAudit('b', '2026-11-20T10:30:00Z')]);
    collector.add([directoryAudit('b', '2026-11-20T10:30:00Z'), directoryAudit('c', '2026-11-20T10:00:00.0000000Z')]);
    const result = collector.result(false);
    expect(result.events.map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect(result).toMatchObject({
      duplicates: 1,
      fetched: 4,
      truncated: false,
      coveredFrom: RANGE.from,
      coveredTo: RANGE.to,
    });
  });

  it('orders out-of-order pages newest first, keeping arrival order for equal times, call after call', () => {
    const collector = new EventCollector(RANGE, 100);
    collector.add([directoryAudit('m1', '2026-11-20T10:30:00Z'), directoryAudit('old', '2026-11-20T10:10:00Z')]);
    collector.add([directoryAudit('new', '2026-11-20T10:50:00Z'), directoryAudit('m2', '2026-11-20T10:30:00Z')]);
    expect(collector.partial().events.map((e) => e.id)).toEqual(['new', 'm1', 'm2']);
    collector.add([directoryAudit('m3', '2026-11-20T10:30:00Z'), directoryAudit('newest', '2026-11-20T10:55:00Z')]);
    const ids = collector.result(false).events.map((e) => e.id);
    expect(ids).toEqual(['newest', 'new', 'm1', 'm2', 'm3', 'old']);
    expect(collector.result(false).events.map((e) => e.id)).toEqual(ids);
  });

  it('drops events Graph returned outside the range', () => {
    const collector = new EventCollector(RANGE, 100);
    collector.add([
      directoryAudit('late', '2026-11-20T11:00:00.0010000Z'),
      directoryAudit('early', '2026-11-20T09:59:59.9999999Z'),
    ]);
    expect(collector.result(false).events).toEqual([]);
  });

  it('counts events without a readable time instead of losing them silently', () => {
    const collector = new EventCollector(RANGE, 100);
    collector.add([directoryAudit('a', 'not a time'), directoryAudit('b', '2026-11-20T10:20:00Z')]);
    expect(collector.result(false)).toMatchObject({ unreadable: 1, fetched: 2 });
  });

  it('stops at the limit and covers only from the oldest fetched event when the next one is older', () => {
    const collector = new EventCollector(RANGE, 3);
    const verdict = collector.add([
      directoryAudit('1', '2026-11-20T10:50:00Z'),
      directoryAudit('2', '2026-11-20T10:40:00Z'),
      directoryAudit('3', '2026-11-20T10:30:00Z'),
      directoryAudit('4', '2026-11-20T10:20:00Z'),
    ]);
    expect(verdict).toBe('stop');
    const result = collector.result(false);
    expect(result).toMatchObject({ truncated: true, coveredFrom: at('2026-11-20T10:30:00Z'), fetched: 3 });
    expect(result.events.map((e) => e.id)).toEqual(['1', '2', '3']);
  });

  it('drops the boundary millisecond when the unread side may hold more events of it', () => {
    const collector = new EventCollector(RANGE, 3);
    collector.add([
      directoryAudit('1', '2026-11-20T10:50:00Z'),
      directoryAudit('2', '2026-11-20T10:30:00.0001Z'),
      directoryAudit('3', '2026-11-20T10:30:00.0002Z'),
      directoryAudit('4', '2026-11-20T10:30:00.0003Z'),
    ]);
    const result = collector.result(false);
    expect(result.coveredFrom).toBe(at('2026-11-20T10:30:00.001Z'));
    expect(result.events.map((e) => e.id)).toEqual(['1']);
  });

  it('treats a limit reached on the last event of a page with more pages as a cut', () => {
    const collector = new EventCollector(RANGE, 2);
    expect(
      collector.add([directoryAudit('1', '2026-11-20T10:50:00Z'), directoryAudit('2', '2026-11-20T10:40:00Z')])
    ).toBe('stop');
    const result = collector.result(true);
    expect(result).toMatchObject({ truncated: true, coveredFrom: at('2026-11-20T10:40:00.001Z') });
    expect(result.events.map((e) => e.id)).toEqual(['1']);
  });

  it('is not a cut when the limit is reached exactly on the last page', () => {
    const collector = new EventCollector(RANGE, 2);
    collector.add([directoryAudit('1', '2026-11-20T10:50:00Z'), directoryAudit('2', '2026-11-20T10:40:00Z')]);
    expect(collector.result(false)).toMatchObject({ truncated: false, coveredFrom: RANGE.from });
  });
});
