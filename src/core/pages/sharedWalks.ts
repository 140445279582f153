import { abortError, Clock } from '../time/clock';
import { WalkOutcome, WalkProgress } from './walkAndCollect';

/** A finished walk is reused this long: panels of one dashboard refresh share one range. */
export const DEFAULT_WALK_TTL_MS = 30_000;
const MAX_FINISHED_WALKS = 20;

interface Entry {
  promise: Promise<WalkOutcome>;
  controller: AbortController;
  listeners: Set<WalkProgress>;
  members: number;
  finishedAt?: number;
}

/**
 * Shares walks between queries that ask Graph the same first page (same range, same pushed-down
 * filters): Microsoft allows 5 requests per 10 s, so six panels must not walk six times. Each query
 * still applies its own plugin-side filters and format. A walk is aborted only when every query
 * waiting for it has left; failed walks are never reused.
 */
export class SharedWalks {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = DEFAULT_WALK_TTL_MS
  ) {}

  run(
    key: string,
    start: (signal: AbortSignal, progress: WalkProgress) => Promise<WalkOutcome>,
    signal?: AbortSignal,
    progress?: WalkProgress
  ): Promise<WalkOutcome> {
    if (signal?.aborted) {
      return Promise.reject(abortError());
    }
    this.prune();
    const entry = this.entries.get(key) ?? this.begin(key, start);
    entry.members++;
    if (progress && entry.finishedAt === undefined) {
      entry.listeners.add(progress);
    }
    return new Promise<WalkOutcome>((resolve, reject) => {
      const leave = () => {
        signal?.removeEventListener('abort', onAbort);
        if (progress) {
          entry.listeners.delete(progress);
        }
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

  private begin(key: string, start: (signal: AbortSignal, progress: WalkProgress) => Promise<WalkOutcome>): Entry {
    const controller = new AbortController();
    const listeners = new Set<WalkProgress>();
    const entry: Entry = {
      controller,
      listeners,
      members: 0,
      promise: start(controller.signal, (collector, requests) =>
        listeners.forEach((listener) => listener(collector, requests))
      ),
    };
    entry.promise.then(
      (outcome) => {
        if (outcome.error === undefined) {
          entry.finishedAt = this.clock.now();
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
      if (now - entry.finishedAt! >= this.ttlMs) {
        this.entries.delete(key);
      }
    }
    const kept = finished.filter(([key]) => this.entries.has(key)).sort((a, b) => a[1].finishedAt! - b[1].finishedAt!);
    for (const [key] of kept.slice(0, Math.max(0, kept.length - MAX_FINISHED_WALKS))) {
      this.entries.delete(key);
    }
  }

  /** Walks in flight or reusable, for tests. */
  get size(): number {
    return this.entries.size;
  }
}
