import { compareInstants, Instant } from '../odata/instant';
import { EventGenerator, INJECTED_INDEX_BASE, PLAIN_ID_OFFSET, SLOT_MS } from './generator';
import { SyntheticEvent } from './types';

/** Where a page ended: the last event's position in the total order (time, then index). */
export interface Cursor {
  ms: number;
  ticks: number;
  index: number;
}

export interface ScanRange {
  lower?: { at: Instant; inclusive: boolean };
  upper?: { at: Instant; inclusive: boolean };
}

export type Order = 'asc' | 'desc';

/** Cached events at most (not slots: a busy minute can hold hundreds), about 50 MB of heap. */
const CACHE_EVENTS = 30_000;

export function compareEvents(a: SyntheticEvent, b: Cursor | SyntheticEvent): number {
  const bTime = 'time' in b ? b.time : b;
  return compareInstants(a.time, bTime) || a.index - b.index;
}

/**
 * All events of the tenant, generated on demand per minute slot plus any injected by tests.
 * Only a bounded cache of recent slots is held, so a million-event range costs CPU, not memory.
 */
export class EventStore {
  private readonly cache = new Map<number, SyntheticEvent[]>();
  private cachedEvents = 0;
  private readonly injected = new Map<number, SyntheticEvent[]>();

  constructor(
    private readonly generator: EventGenerator,
    /** Generated events after this instant do not exist (a frozen tenant); Infinity in live mode. */
    private readonly generatedUntil: number
  ) {}

  inject(event: Omit<SyntheticEvent, 'slot' | 'index'>): SyntheticEvent {
    const slot = Math.floor(event.time.ms / SLOT_MS);
    const list = this.injected.get(slot) ?? [];
    const stored = { ...event, slot, index: INJECTED_INDEX_BASE + list.length };
    list.push(stored);
    this.injected.set(slot, list);
    this.forget(slot);
    return stored;
  }

  clearInjected(): void {
    for (const slot of this.injected.keys()) {
      this.forget(slot);
    }
    this.injected.clear();
  }

  /** Events of one slot in ascending order, whether visible yet or not. */
  slotEvents(slot: number): SyntheticEvent[] {
    const cached = this.cache.get(slot);
    if (cached) {
      this.cache.delete(slot);
      this.cache.set(slot, cached);
      return cached;
    }
    let events = slot * SLOT_MS <= this.generatedUntil ? this.generator.eventsInSlot(slot) : [];
    if (Number.isFinite(this.generatedUntil)) {
      events = events.filter((e) => e.time.ms <= this.generatedUntil);
    }
    const extra = this.injected.get(slot);
    if (extra) {
      events = [...events, ...extra].sort(compareEvents);
    }
    this.cache.set(slot, events);
    this.cachedEvents += events.length;
    while (this.cachedEvents > CACHE_EVENTS && this.cache.size > 1) {
      this.forget(this.cache.keys().next().value!);
    }
    return events;
  }

  private forget(slot: number): void {
    const events = this.cache.get(slot);
    if (events) {
      this.cachedEvents -= events.length;
      this.cache.delete(slot);
    }
  }

  /**
   * Finds an event by id without a scan: generated ids end in a GUID whose last 12 hex digits
   * encode slot and index (see generator.ts), injected ones are few and looked up directly.
   */
  findById(id: string): SyntheticEvent | undefined {
    for (const events of this.injected.values()) {
      const found = events.find((e) => e.id === id);
      if (found) {
        return found;
      }
    }
    const tail = /([0-9a-f]{12})(?:_[0-9A-F]{5}_\d+)?$/.exec(id)?.[1];
    if (!tail) {
      return undefined;
    }
    const value = parseInt(tail, 16);
    for (const unique of [value, value - PLAIN_ID_OFFSET]) {
      if (unique < 0) {
        continue;
      }
      const slot = Math.floor(unique / 0x10000);
      const found = this.slotEvents(slot).find((e) => e.id === id);
      if (found) {
        return found;
      }
    }
    return undefined;
  }

  /**
   * Visits events visible at `now`, within `range` and the retention floor, in `order`, strictly
   * after `cursor`; stops when `visit` returns false.
   */
  scan(options: {
    now: number;
    earliest: number;
    range: ScanRange;
    order: Order;
    cursor?: Cursor;
    visit: (event: SyntheticEvent) => boolean;
  }): void {
    const { now, earliest, range, order, cursor, visit } = options;
    let first = Math.floor(Math.max(earliest, range.lower?.at.ms ?? earliest) / SLOT_MS);
    let last = Math.floor(Math.min(now, range.upper?.at.ms ?? now) / SLOT_MS);
    if (cursor) {
      const cursorSlot = Math.floor(cursor.ms / SLOT_MS);
      first = order === 'asc' ? Math.max(first, cursorSlot) : first;
      last = order === 'desc' ? Math.min(last, cursorSlot) : last;
    }
    const inRange = (e: SyntheticEvent) => {
      if (e.visibleAt > now || e.time.ms < earliest) {
        return false;
      }
      if (range.lower) {
        const cmp = compareInstants(e.time, range.lower.at);
        if (cmp < 0 || (cmp === 0 && !range.lower.inclusive)) {
          return false;
        }
      }
      if (range.upper) {
        const cmp = compareInstants(e.time, range.upper.at);
        if (cmp > 0 || (cmp === 0 && !range.upper.inclusive)) {
          return false;
        }
      }
      if (cursor) {
        const cmp = compareEvents(e, cursor);
        return order === 'asc' ? cmp > 0 : cmp < 0;
      }
      return true;
    };
    const step = order === 'asc' ? 1 : -1;
    for (let slot = order === 'asc' ? first : last; order === 'asc' ? slot <= last : slot >= first; slot += step) {
      const events = this.slotEvents(slot);
      for (let i = order === 'asc' ? 0 : events.length - 1; i >= 0 && i < events.length; i += step) {
        const event = events[i];
        if (inRange(event) && !visit(event)) {
          return;
        }
      }
    }
  }
}
