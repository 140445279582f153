import { APP_CREDENTIALS_ACTIVITY, AUDIT_ACTIVITIES } from '../../src/core/catalogue/activities';
import { BURST_BLOCK_SLOTS } from './bursts';
import { buildDirectory } from './directory';
import { EventStore } from './eventStore';
import { EventGenerator, SLOT_MS } from './generator';
import { SyntheticEvent } from './types';

const directory = buildDirectory(7, 'contoso.onmicrosoft.com', 'tenant-id', 120);
const generator = (seed = 7, eventsPerDay = 20_000) =>
  new EventGenerator({ seed, eventsPerDay, ingestionDelayMs: 180_000, directory });

// Monday 2026-11-16 00:00 UTC, as epoch minutes.
const MONDAY = Date.parse('2026-11-16T00:00:00Z') / SLOT_MS;

function eventsBetween(gen: EventGenerator, firstSlot: number, slots: number): SyntheticEvent[] {
  const out: SyntheticEvent[] = [];
  for (let slot = firstSlot; slot < firstSlot + slots; slot++) {
    out.push(...gen.eventsInSlot(slot));
  }
  return out;
}

describe('the synthetic tenant', () => {
  const day = eventsBetween(generator(), MONDAY, 24 * 60);

  it('is deterministic per seed and differs between seeds', () => {
    const plain = (events: SyntheticEvent[]) =>
      events.map((e) => ({
        ...e,
        id: e.id,
        correlationId: e.correlationId,
        targets: e.targets,
        initiatorUser: e.initiatorUser,
        describe: undefined,
      }));
    const again = generator().eventsInSlot(MONDAY + 600);
    expect(plain(again)).toEqual(plain(generator().eventsInSlot(MONDAY + 600)));
    expect(
      generator(8)
        .eventsInSlot(MONDAY + 600)
        .map((e) => e.id)
    ).not.toEqual(again.map((e) => e.id));
  });

  it('produces roughly the configured volume', () => {
    expect(day.length).toBeGreaterThan(15_000);
    expect(day.length).toBeLessThan(32_000);
  });

  it('mixes at least 40 activities over 8 categories and 6 services', () => {
    expect(new Set(day.map((e) => e.activity.activityDisplayName)).size).toBeGreaterThanOrEqual(40);
    expect(new Set(day.map((e) => e.activity.category)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(day.map((e) => e.activity.loggedByService)).size).toBeGreaterThanOrEqual(6);
    expect(AUDIT_ACTIVITIES.length).toBeGreaterThanOrEqual(40);
  });

  it('names the credential activities exactly as tenants log them (en dash, trailing space)', () => {
    const names = new Set(day.map((e) => e.activity.activityDisplayName));
    expect(names.has('Update application \u2013 Certificates and secrets management ')).toBe(true);
    expect(names.has(APP_CREDENTIALS_ACTIVITY.trim())).toBe(false);
    expect(names.has('Add service principal credentials')).toBe(true);
  });

  it('has failures, timeouts and ids that are not all GUIDs, all unique', () => {
    const results = new Set(day.map((e) => e.result));
    expect(results).toEqual(new Set(['success', 'failure', 'timeout']));
    expect(day.some((e) => e.id.startsWith('Directory_'))).toBe(true);
    expect(day.some((e) => /^[0-9a-f-]{36}$/.test(e.id))).toBe(true);
    expect(new Set(day.map((e) => e.id)).size).toBe(day.length);
    expect(new Set(day.map((e) => e.correlationId)).size).toBe(day.length);
  });

  it('keeps each slot sorted and inside its minute', () => {
    for (let slot = MONDAY; slot < MONDAY + 120; slot++) {
      const events = generator().eventsInSlot(slot);
      events.forEach((e, i) => {
        expect(Math.floor(e.time.ms / SLOT_MS)).toBe(slot);
        expect(e.index).toBe(i);
        if (i > 0) {
          const prev = events[i - 1];
          expect(e.time.ms - prev.time.ms || e.time.ticks - prev.time.ticks).toBeGreaterThanOrEqual(0);
        }
      });
    }
  });

  it('puts some events on whole seconds and whole minutes, for edge tests', () => {
    expect(day.filter((e) => e.time.ms % 1000 === 0 && e.time.ticks === 0).length).toBeGreaterThan(100);
    expect(day.filter((e) => e.time.ms % SLOT_MS === 0 && e.time.ticks === 0).length).toBeGreaterThan(50);
  });

  it('follows a daily rhythm and a quieter weekend', () => {
    const gen = generator();
    const at = (hour: number, dayOffset = 0) => eventsBetween(gen, MONDAY + dayOffset * 1440 + hour * 60, 60).length;
    expect(at(13)).toBeGreaterThan(at(2) * 2);
    expect(at(13, 0)).toBeGreaterThan(at(13, 5) * 2); // Saturday
  });

  it('has one burst in every 15-minute block, each by one actor', () => {
    const gen = generator();
    const kinds = new Set<string>();
    for (let block = MONDAY / BURST_BLOCK_SLOTS; block < MONDAY / BURST_BLOCK_SLOTS + 12; block++) {
      const slots = Array.from({ length: BURST_BLOCK_SLOTS }, (_, i) => block * BURST_BLOCK_SLOTS + i);
      const bursty = slots.filter((slot) => gen.burstOfSlot(slot));
      expect(bursty.length).toBeGreaterThanOrEqual(1);
      const burst = gen.burstOfSlot(bursty[0])!;
      kinds.add(burst.kind);
      if (burst.kind === 'failedRoleAssignments') {
        const failures = bursty
          .flatMap((slot) => gen.eventsInSlot(slot))
          .filter((e) => e.activity.activityDisplayName === 'Add member to role' && e.result !== 'success');
        expect(failures.length).toBeGreaterThanOrEqual(burst.total);
        expect(new Set(failures.map((e) => e.initiatorUser?.id)).size).toBeLessThanOrEqual(2);
      }
    }
    expect(kinds).toEqual(new Set(['bulkUserImport', 'failedRoleAssignments', 'appCredentialChange']));
  });

  it('delays each event by a share of the ingestion delay', () => {
    for (const e of day.slice(0, 2000)) {
      const delay = e.visibleAt - e.time.ms;
      expect(delay).toBeGreaterThanOrEqual(36_000);
      expect(delay).toBeLessThanOrEqual(180_000);
    }
  });
});

describe('the event store', () => {
  it('scans in both orders and resumes after a cursor without loss or repeats', () => {
    const store = new EventStore(generator(), Infinity);
    const now = (MONDAY + 60) * SLOT_MS;
    const range = {};
    const all: SyntheticEvent[] = [];
    store.scan({ now, earliest: MONDAY * SLOT_MS, range, order: 'asc', visit: (e) => (all.push(e), true) });
    const desc: SyntheticEvent[] = [];
    store.scan({ now, earliest: MONDAY * SLOT_MS, range, order: 'desc', visit: (e) => (desc.push(e), true) });
    expect(desc.map((e) => e.id)).toEqual(all.map((e) => e.id).reverse());

    const resumed: SyntheticEvent[] = [];
    let cursor;
    for (;;) {
      const page: SyntheticEvent[] = [];
      store.scan({
        now,
        earliest: MONDAY * SLOT_MS,
        range,
        order: 'desc',
        cursor,
        visit: (e) => (page.push(e), page.length < 37),
      });
      if (page.length === 0) {
        break;
      }
      resumed.push(...page);
      const last = page[page.length - 1];
      cursor = { ...last.time, index: last.index };
    }
    expect(resumed.map((e) => e.id)).toEqual(desc.map((e) => e.id));
  });

  it('hides events that are not ingested yet, and those a frozen tenant never had', () => {
    const now = (MONDAY + 30) * SLOT_MS;
    const live = new EventStore(generator(), Infinity);
    const visible: SyntheticEvent[] = [];
    live.scan({ now, earliest: MONDAY * SLOT_MS, range: {}, order: 'asc', visit: (e) => (visible.push(e), true) });
    expect(visible.every((e) => e.visibleAt <= now)).toBe(true);
    expect(live.slotEvents(MONDAY + 29).some((e) => e.visibleAt > now)).toBe(true);

    const frozen = new EventStore(generator(), now - 10 * SLOT_MS);
    expect(frozen.slotEvents(MONDAY + 25)).toEqual([]);
  });
});
