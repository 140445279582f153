import { abortError, Clock } from '../time/clock';
import { DEFAULT_PRIORITY, highestPriority, PriorityOf } from './queryPriority';
import { WalkOutcome, WalkProgress } from '../walk/walkAndCollect';
import { narrowest, sameRange, WalkOutline, widens } from './walkOutline';

export interface SharedWalksLimits {
  /** A finished walk is reused this long: panels of one dashboard refresh share one range. */
  ttlMs: number;
  maxFinishedWalks: number;
  /** Finished walks kept for reuse hold at most this many events together, so memory stays bounded. */
  maxReusableEvents: number;
}

export const DEFAULT_SHARED_WALKS_LIMITS: SharedWalksLimits = {
  ttlMs: 30_000,
  maxFinishedWalks: 20,
  maxReusableEvents: 200_000,
};

interface Entry {
  promise: Promise<WalkOutcome>;
  controller: AbortController;
  listeners: Set<WalkProgress>;
  members: number;
  /** One per query still waiting for the walk: the walk runs at the most urgent. */
  priorities: PriorityOf[];
  finishedAt?: number;
  /** Finishing order, to tell apart walks finished at the same instant. */
  finishedOrder?: number;
  events?: number;
  /** What the walk asks Graph, so a narrower query over the same range can be served from it. */
  outline?: WalkOutline;
  /** Finished with every event of its range read (no limit cut, nothing unreadable). */
  complete?: boolean;
}

/** One query waiting for a shared walk. */
export interface SharedWalkMember {
  signal?: AbortSignal;
  progress?: WalkProgress;
  /** This query's priority; the walk's requests take the highest among the queries waiting for it. */
  priority?: PriorityOf;
}

/** A query's walk, to be shared under `key` (its first request). */
export interface SharedWalkStart extends SharedWalkMember {
  key: string;
  start: (signal: AbortSignal, progress: WalkProgress, priority: PriorityOf) => Promise<WalkOutcome>;
  /** False when Microsoft may still add events to the range: then only walks in flight are shared. */
  reusable?: boolean;
  outline?: WalkOutline;
}

/**
 * Shares walks between queries that ask Graph the same first page (same range, same pushed-down
 * filters): Microsoft allows 5 requests per 10 s, so six panels must not walk six times. Each query
 * still applies its own plugin-side filters and format. A walk is aborted only when every query
 * waiting for it has left; failed walks are never reused.
 */
export class SharedWalks {
  private readonly entries = new Map<string, Entry>();
  private finishedCount = 0;

  private readonly limits: SharedWalksLimits;

  constructor(
    private readonly clock: Clock,
    limits: Partial<SharedWalksLimits> = {}
  ) {
    this.limits = { ...DEFAULT_SHARED_WALKS_LIMITS, ...limits };
  }

  run(walk: SharedWalkStart): Promise<WalkOutcome> {
    if (walk.signal?.aborted) {
      return Promise.reject(abortError());
    }
    this.prune();
    const entry = this.entries.get(walk.key) ?? this.begin(walk.key, walk.start, walk.reusable ?? true, walk.outline);
    return this.join(walk.key, entry, walk);
  }

  /**
   * The narrowest walk in flight or reusable over exactly `outline`'s range whose server filter is
   * wider (widerWalks.ts); finished walks cut by the events limit are passed over.
   */
  findWider(outline: WalkOutline): { key: string; outline: WalkOutline } | undefined {
    this.prune();
    const candidates = [...this.entries.entries()]
      .filter(([, e]) => e.outline && sameRange(e.outline.range, outline.range) && widens(e.outline, outline))
      .filter(([, e]) => e.finishedAt === undefined || e.complete)
      .map(([key, e]) => ({ key, outline: e.outline! }));
    return narrowest(candidates);
  }

  /**
   * Waits for the walk `findWider` named, as one more member: leaving it aborts it only when no
   * other query still waits for it. Undefined when that walk is gone.
   */
  joinExisting(key: string, member: SharedWalkMember): Promise<WalkOutcome> | undefined {
    if (member.signal?.aborted) {
      return Promise.reject(abortError());
    }
    const entry = this.entries.get(key);
    return entry ? this.join(key, entry, member) : undefined;
  }

  private join(key: string, entry: Entry, member: SharedWalkMember): Promise<WalkOutcome> {
    const { signal, progress } = member;
    const priority = member.priority ?? (() => DEFAULT_PRIORITY);
    entry.members++;
    entry.priorities.push(priority);
    if (progress && entry.finishedAt === undefined) {
      entry.listeners.add(progress);
    }
    return new Promise<WalkOutcome>((resolve, reject) => {
      const leave = () => {
        signal?.removeEventListener('abort', onAbort);
        if (progress) {
          entry.listeners.delete(progress);
        }
        entry.priorities.splice(entry.priorities.indexOf(priority), 1);
        entry.members--;
      };
      const onAbort = () => {
        leave();
        reject(abortError());
        if (entry.members === 0 && entry.finishedAt === undefined) {
          entry.controller.abort();
          this.drop(key, entry);
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      entry.promise.then(
        (outcome) => {
          leave();
          resolve(outcome);
        },
        (error) => {
          leave();
          reject(error);
        }
      );
    });
  }

  private begin(
    key: string,
    start: (signal: AbortSignal, progress: WalkProgress, priority: PriorityOf) => Promise<WalkOutcome>,
    reusable: boolean,
    outline?: WalkOutline
  ): Entry {
    const controller = new AbortController();
    const listeners = new Set<WalkProgress>();
    const priorities: PriorityOf[] = [];
    const entry: Entry = {
      controller,
      listeners,
      members: 0,
      outline,
      priorities,
      promise: start(
        controller.signal,
        (collector, requests) => listeners.forEach((listener) => listener(collector, requests)),
        () => highestPriority(priorities.map((priority) => priority())) ?? DEFAULT_PRIORITY
      ),
    };
    entry.promise.then(
      (outcome) => {
        if (outcome.error === undefined && reusable) {
          entry.finishedAt = this.clock.now();
          entry.events = outcome.collector.fetchedCount;
          entry.finishedOrder = ++this.finishedCount;
          const collected = outcome.collector.result(outcome.stoppedEarly);
          entry.complete = !collected.truncated && collected.unreadable === 0;
          listeners.clear();
        } else {
          this.drop(key, entry);
        }
      },
      () => this.drop(key, entry)
    );
    this.entries.set(key, entry);
    return entry;
  }

  private drop(key: string, entry: Entry) {
    if (this.entries.get(key) === entry) {
      this.entries.delete(key);
    }
  }

  private prune() {
    const now = this.clock.now();
    const finished = [...this.entries.entries()].filter(([, e]) => e.finishedAt !== undefined);
    for (const [key, entry] of finished) {
      if (now - entry.finishedAt! >= this.limits.ttlMs) {
        this.entries.delete(key);
      }
    }
    // Newest first: the oldest finished walks go when there are too many or they hold too much.
    const kept = finished
      .filter(([key]) => this.entries.has(key))
      .sort((a, b) => b[1].finishedOrder! - a[1].finishedOrder!);
    let events = 0;
    kept.forEach(([key, entry], index) => {
      events += entry.events ?? 0;
      if (index >= this.limits.maxFinishedWalks || events > this.limits.maxReusableEvents) {
        this.entries.delete(key);
      }
    });
  }

  /** A walk of this key is in flight or reusable. */
  has(key: string): boolean {
    this.prune();
    return this.entries.has(key);
  }

  /** Walks in flight or reusable, for tests. */
  get size(): number {
    return this.entries.size;
  }
}
