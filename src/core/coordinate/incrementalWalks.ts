import { AuditEvent } from '../model/event';
import { EventCollector } from '../collect/collectEvents';
import { WalkOutcome, WalkProgress } from '../walk/walkAndCollect';
import { keptByServer } from '../filter/serverSemantics';
import { extraConditions, narrowest, WalkOutline, widens } from './walkOutline';
import { formatDateTime } from '../plan/odata';
import { RequestPlan } from '../plan/planRequest';
import { Clock } from '../time/clock';

export interface IncrementalWalksLimits {
  /** Events kept across every cached walk; the least recently used walks go first. */
  maxCachedEvents: number;
  maxWalks: number;
}

export const DEFAULT_INCREMENTAL_WALKS_LIMITS: IncrementalWalksLimits = {
  maxCachedEvents: 500_000,
  maxWalks: 50,
};

/** One query's walk, as the engine hands it to the cache. */
export interface CachedWalkRequest {
  /** The plan for the whole range the query asks for. */
  plan: RequestPlan;
  /** The same query planned over another range: the tail still to fetch. */
  planFor: (range: { from: number; to: number }) => RequestPlan;
  /** Walks a plan (sharing it with other queries as the engine arranges). */
  walk: (plan: RequestPlan, signal?: AbortSignal, progress?: WalkProgress) => Promise<WalkOutcome>;
  maxEvents: number;
  /** Microsoft may still add events this long after they happened. */
  ingestionDelayMs: number;
  signal?: AbortSignal;
  progress?: WalkProgress;
  /** The plan's outline: lets a kept walk with a wider server filter serve it (widerWalks.ts). */
  outline?: WalkOutline;
}

interface Entry {
  coveredFrom: number;
  coveredTo: number;
  /** Events up to here were all visible when fetched: older than the ingestion delay then. */
  settledTo: number;
  /** De-duplicated, newest first. */
  events: AuditEvent[];
  lastUsed: number;
  /** What the walk asks Graph, so a narrower query can be served from it (absent on the legacy API). */
  outline?: Omit<WalkOutline, 'range'>;
  /** The walk's own query planned over another range: its tail, when it serves a narrower query. */
  planFor?: (range: { from: number; to: number }) => RequestPlan;
}

/** A kept walk and its key. */
interface KeptWalk {
  key: string;
  entry: Entry;
}

/**
 * An in-memory cache of finished walks (never browser storage: events hold names, IPs and changes).
 * Audit events do not change once Microsoft has them, so the part of a walk older than the
 * ingestion delay is kept; a refresh of a range that moved forward (now-7d) fetches only from
 * there on, which re-reads the unsettled overlap so late events are picked up, and the two parts
 * meet at one instant (the API's `ge` on the tail, `<` on the cached part) and are de-duplicated
 * by id: no event lost or counted twice at the seam.
 */
export class IncrementalWalks {
  private readonly entries = new Map<string, Entry>();
  private readonly limits: IncrementalWalksLimits;
  private uses = 0;

  constructor(
    private readonly clock: Clock,
    limits: Partial<IncrementalWalksLimits> = {}
  ) {
    this.limits = { ...DEFAULT_INCREMENTAL_WALKS_LIMITS, ...limits };
  }

  async run(request: CachedWalkRequest): Promise<WalkOutcome> {
    const { plan } = request;
    const key = cacheKey(plan, request.maxEvents);
    const range = plan.range;
    const own = this.entries.get(key);
    // A wider walk kept here serves unless this query's own entry answers with no request at all:
    // its tail is the one the wider query's own refresh walks, so the two share it. (Found without
    // awaiting: a query with nothing to share from starts its walk in the same task, so a narrower
    // query started right after it can join it.)
    const ownUsable = own && covers(own, range) ? own : undefined;
    const wider =
      request.outline && !(ownUsable && range.to <= ownUsable.settledTo)
        ? this.widerEntry(request.outline, ownUsable && ownUsable.settledTo - request.ingestionDelayMs)
        : undefined;
    if (wider) {
      const served = await this.serveFromWider(request, request.outline!, wider);
      if (served) {
        return served;
      }
    }
    const startedAt = this.clock.now();
    if (ownUsable) {
      const cached = await this.fromEntry({ key, entry: ownUsable }, request, startedAt);
      if (cached) {
        return cached;
      }
      // More than one query may fetch: the whole walk cuts it at the newest events, as without a cache.
    }
    const outcome = await request.walk(plan, request.signal, request.progress);
    const events = completeEvents(outcome);
    // A walk narrowed from a wider one is not kept again: the wider one is (or is not, for a reason).
    if (events && !outcome.widerWalk) {
      this.store(key, {
        coveredFrom: range.from,
        coveredTo: range.to,
        settledTo: Math.max(range.from, Math.min(range.to, startedAt - request.ingestionDelayMs)),
        events,
        lastUsed: ++this.uses,
        outline: request.outline,
        planFor: request.planFor,
      });
    }
    return outcome;
  }

  /**
   * The narrowest kept walk with a wider server filter whose events cover the start of `outline`'s
   * range and are settled up to `settledFrom` at least: a wider walk whose tail is much longer than
   * the query's own would cost more pages than it saves (within an ingestion delay, the tails cost
   * the same page or so, and sharing the wider panel's tail saves it).
   */
  private widerEntry(
    outline: WalkOutline,
    settledFrom = Number.NEGATIVE_INFINITY
  ): { key: string; entry: Entry; outline: Omit<WalkOutline, 'range'> } | undefined {
    const candidates = [...this.entries.entries()]
      .filter(([, e]) => e.outline && e.planFor && covers(e, outline.range) && widens(e.outline, outline))
      .filter(([, e]) => e.settledTo >= settledFrom)
      .sort((a, b) => b[1].lastUsed - a[1].lastUsed)
      .map(([key, entry]) => ({ key, entry, outline: entry.outline! }));
    return narrowest(candidates);
  }

  /**
   * The query's events from a kept walk with a wider server filter, fetching that walk's tail as its
   * own query would; undefined when it cannot stand in (its tail failed, the limit would cut it, an
   * event's fate under Graph's filter is uncertain).
   */
  private async serveFromWider(
    request: CachedWalkRequest,
    outline: WalkOutline,
    wider: { key: string; entry: Entry; outline: Omit<WalkOutline, 'range'> }
  ): Promise<WalkOutcome | undefined> {
    const widerRequest = {
      ...request,
      plan: wider.entry.planFor!(outline.range),
      planFor: wider.entry.planFor!,
      progress: undefined,
    };
    const extra = extraConditions(request.plan, wider.outline);
    const outcome = await this.fromEntry(wider, widerRequest, this.clock.now(), (inRange) =>
      keptByServer(extra, inRange)
    );
    if (!outcome) {
      return undefined;
    }
    const widerWalk = { filter: widerRequest.plan.filter, extra };
    if (outcome.error !== undefined) {
      // The wider tail's failure (throttled past the give-up bound, refused) is this query's too:
      // walking the whole range again would meet it after spending the budget all over again.
      const empty = new EventCollector(request.plan.range, request.maxEvents, (event) => event as AuditEvent);
      return { ...outcome, collector: empty, widerWalk };
    }
    return { ...outcome, widerWalk };
  }

  /**
   * The range from a kept walk plus the tail after its settled part, through `narrow` when given;
   * undefined when the limit would cut it or `narrow` cannot tell.
   */
  private async fromEntry(
    { key, entry }: KeptWalk,
    request: CachedWalkRequest,
    startedAt: number,
    narrow?: (inRange: AuditEvent[]) => AuditEvent[] | undefined
  ): Promise<WalkOutcome | undefined> {
    const range = request.plan.range;
    entry.lastUsed = ++this.uses;
    let events = entry.events;
    let requests: WalkOutcome['requests'] = [];
    if (range.to > entry.settledTo) {
      const tailFrom = entry.settledTo;
      const tailPlan = request.planFor({ from: tailFrom, to: range.to });
      const tail = await request.walk(tailPlan, request.signal);
      const tailEvents = completeEvents(tail);
      if (!tailEvents) {
        return tail;
      }
      const merged = { from: tailFrom, to: range.to, events: tailEvents };
      events = this.mergeTail({ key, entry }, merged, startedAt - request.ingestionDelayMs);
      requests = tail.requests;
    }
    const inRange = events.filter((e) => e.time >= range.from && e.time <= range.to);
    if (inRange.length > request.maxEvents) {
      return undefined;
    }
    const selected = narrow ? narrow(inRange) : inRange;
    return selected && cachedOutcome(selected, range, request.maxEvents, requests);
  }

  /** Walks cached, for tests. */
  get size(): number {
    return this.entries.size;
  }

  /** Events held across every cached walk. */
  get heldEvents(): number {
    return [...this.entries.values()].reduce((n, e) => n + e.events.length, 0);
  }

  /** The kept walk with a fetched tail merged in (`settledBefore`: the tail is settled up to there). */
  private mergeTail(
    { key, entry: before }: KeptWalk,
    { from: tailFrom, to: tailTo, events: tail }: { from: number; to: number; events: AuditEvent[] },
    settledBefore: number
  ): AuditEvent[] {
    // Read again: a panel sharing this tail may have merged it already; merging twice changes nothing.
    const entry = this.entries.get(key) ?? before;
    const tailIds = new Set(tail.map((e) => e.id).filter((id) => id));
    const kept = entry.events.filter((e) => (e.time < tailFrom || e.time > tailTo) && !(e.id && tailIds.has(e.id)));
    const events = [...tail, ...kept].sort((a, b) => b.time - a.time);
    this.store(key, {
      ...entry,
      coveredFrom: entry.coveredFrom,
      coveredTo: Math.max(entry.coveredTo, tailTo),
      settledTo: Math.max(entry.settledTo, Math.min(tailTo, settledBefore)),
      events,
      lastUsed: entry.lastUsed,
    });
    return events;
  }

  private store(key: string, entry: Entry) {
    this.entries.set(key, entry);
    const byUse = [...this.entries.entries()].sort((a, b) => b[1].lastUsed - a[1].lastUsed);
    let held = 0;
    byUse.forEach(([k, e], index) => {
      held += e.events.length;
      if (index >= this.limits.maxWalks || held > this.limits.maxCachedEvents) {
        this.entries.delete(k);
      }
    });
  }
}

/**
 * What identifies a walk apart from its range: the first URL with the range's two instants taken
 * out (endpoint, pushed-down filter, page size), and the events limit.
 */
export function cacheKey(plan: RequestPlan, maxEvents: number): string {
  const url = plan.firstUrl
    .split(encodeURIComponent(formatDateTime(plan.range.from)))
    .join('{from}')
    .split(encodeURIComponent(formatDateTime(plan.range.to)))
    .join('{to}');
  return `${url} ${maxEvents}`;
}

/** The kept walk's events cover the start of `range`: at most its tail after the settled part is missing. */
function covers(entry: Entry, range: { from: number; to: number }): boolean {
  return range.from >= entry.coveredFrom && range.from <= entry.settledTo;
}

/** The walk's events when it read its whole range; undefined when it failed or a limit cut it. */
function completeEvents(outcome: WalkOutcome): AuditEvent[] | undefined {
  if (outcome.error !== undefined) {
    return undefined;
  }
  const collected = outcome.collector.result(outcome.stoppedEarly);
  return collected.truncated || collected.unreadable > 0 ? undefined : collected.events;
}

function cachedOutcome(
  events: AuditEvent[],
  range: { from: number; to: number },
  maxEvents: number,
  requests: WalkOutcome['requests']
): WalkOutcome {
  const collector = new EventCollector(range, maxEvents, (event) => event as AuditEvent);
  collector.add(events);
  return { collector, stoppedEarly: false, requests };
}
