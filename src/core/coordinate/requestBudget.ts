import { abortError, Clock } from '../time/clock';
import { Pacing, RequestSlot } from '../walk/pacing';
import { DEFAULT_PRIORITY, PriorityOf, priorityLevel } from './queryPriority';

export type { RequestSlot } from '../walk/pacing';

interface Waiter {
  order: number;
  arrival: number;
  /** When a request of a higher priority first went out ahead of this one. */
  passedOverAt?: number;
  grant: (slot: RequestSlot) => void;
  signal?: AbortSignal;
}

export interface RequestBudgetOptions {
  /**
   * A request passed over this long by requests of a higher priority is served next (the one
   * passed over longest first), so a busy Explore session never starves a dashboard.
   */
  starvationMs?: number;
  /**
   * Places of the window background requests may hold at once (at least 1; by default one in
   * five, so 1 of Microsoft's 5). Nobody watches them load, and other tabs of the same app
   * registration spend the same Microsoft budget: a hidden tab's auto-refresh must leave the rest
   * to the tab someone looks at.
   */
  backgroundPlaces?: number;
}

export const DEFAULT_STARVATION_MS = 20_000;
export const DEFAULT_BACKGROUND_SHARE = 0.2;

const BACKGROUND_LEVEL = priorityLevel('background');

interface Place {
  /** When the answer arrived; Infinity while the request is in flight. */
  until: number;
  background: boolean;
}

/**
 * One scheduler per data source instance: paces every query's page requests to Microsoft's report
 * budget (5 per 10 s per app and tenant) so it never provokes a 429 on its own.
 *
 * - A request holds its place in the window from when it is sent until `perMs` after its answer
 *   arrived: Graph counts a request when it reaches Graph, somewhere in between, so counting from
 *   the answer can never overrun Graph's window however much latency varies.
 * - A 429 (another browser or an alert rule spent the shared budget) pauses everyone until its
 *   Retry-After has passed.
 * - Waiting requests go out by priority (`prioritize`: interactive, then dashboard, then
 *   background), and within a priority the walk that asked first goes first: each walk is told
 *   apart by its AbortSignal, and its later pages keep the walk's place in line. A request already
 *   sent is never recalled; priorities only order the queue. A request passed over by higher
 *   priorities for `starvationMs` goes next, so every request is served eventually.
 * - Background requests hold at most `backgroundPlaces` places of the window, even when nothing
 *   else waits: the rest of Microsoft's budget stays free for someone looking, here or in another tab.
 * - Requests nobody waits for any more leave the queue.
 */
export class RequestBudget implements Pacing {
  /** Places held in the window by recent requests. */
  private slots: Place[] = [];
  private queue: Waiter[] = [];
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private readonly walkOrder = new WeakMap<AbortSignal, number>();
  private readonly walkPriority = new WeakMap<AbortSignal, PriorityOf>();
  private nextOrder = 0;
  private arrivals = 0;
  private pumping = false;
  private interrupt?: AbortController;
  private clock?: Clock;
  private readonly throttleListeners = new Set<(resumeAt: number) => void>();

  private readonly starvationMs: number;
  private readonly backgroundPlaces: number;

  constructor(
    private readonly requests: number,
    private readonly perMs: number,
    options: RequestBudgetOptions = {}
  ) {
    this.starvationMs = options.starvationMs ?? DEFAULT_STARVATION_MS;
    this.backgroundPlaces = Math.max(1, options.backgroundPlaces ?? Math.floor(requests * DEFAULT_BACKGROUND_SHARE));
  }

  /**
   * The requests of the walk sent on `signal` rank by `priority`, read each time the queue picks
   * its next request (it may change while the walk runs). Unprioritized walks rank as `dashboard`.
   */
  prioritize(signal: AbortSignal, priority: PriorityOf): void {
    this.walkPriority.set(signal, priority);
  }

  acquire(clock: Clock, signal?: AbortSignal): Promise<RequestSlot> {
    if (signal?.aborted) {
      return Promise.reject(abortError());
    }
    this.clock = clock;
    return new Promise<RequestSlot>((resolve, reject) => {
      const onAbort = () => {
        if (this.queue.includes(waiter)) {
          this.queue = this.queue.filter((w) => w !== waiter);
          reject(abortError());
          this.kick();
        }
      };
      const waiter: Waiter = {
        order: this.orderOf(signal),
        arrival: this.arrivals++,
        grant: (slot) => {
          // A long walk asks hundreds of times on one signal: listeners must not pile up on it.
          signal?.removeEventListener('abort', onAbort);
          resolve(slot);
        },
        signal,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.kick();
    });
  }

  /**
   * Told when a 429 pauses this data source, with the instant it may ask again, so the panels
   * waiting can say "throttled, retrying in N s" instead of looking stuck. Returns the unsubscribe.
   */
  onThrottled(listener: (resumeAt: number) => void): () => void {
    this.throttleListeners.add(listener);
    return () => this.throttleListeners.delete(listener);
  }

  /** Milliseconds until the budget is free again after a 429, or 0. */
  pausedForMs(now: number): number {
    return Math.max(0, this.pausedUntil - now);
  }

  /** Requests waiting for a place in the window, for tests and notices. */
  get waiting(): number {
    return this.queue.length;
  }

  private orderOf(signal?: AbortSignal): number {
    if (!signal) {
      return this.nextOrder++;
    }
    let order = this.walkOrder.get(signal);
    if (order === undefined) {
      order = this.nextOrder++;
      this.walkOrder.set(signal, order);
    }
    return order;
  }

  /** Re-evaluates the queue now: something changed (a request arrived, answered or left). */
  private kick(): void {
    this.interrupt?.abort();
    if (!this.pumping) {
      void this.pump();
    }
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.queue.length > 0 && this.clock) {
        const clock = this.clock;
        const now = clock.now();
        this.slots = this.slots.filter((slot) => slot.until + this.perMs > now);
        let waitMs: number | undefined;
        if (now < this.pausedUntil) {
          waitMs = this.pausedUntil - now;
        } else if (this.slots.length < this.requests) {
          const next = this.pickNext(now);
          if (next) {
            this.grant(next.waiter, next.background, clock);
            continue;
          }
          // Only background requests wait, and they hold all their places: wait for one to leave.
          const soonest = Math.min(...this.slots.filter((slot) => slot.background).map((slot) => slot.until));
          waitMs = Number.isFinite(soonest) ? soonest + this.perMs - now : undefined;
        } else {
          const soonest = Math.min(...this.slots.map((slot) => slot.until));
          // Every place is held by a request still in flight: its answer kicks the queue.
          waitMs = Number.isFinite(soonest) ? soonest + this.perMs - now : undefined;
        }
        if (waitMs === undefined) {
          return;
        }
        this.interrupt = new AbortController();
        try {
          await clock.sleep(waitMs, this.interrupt.signal);
        } catch {
          // Interrupted: look again.
        }
      }
    } finally {
      this.pumping = false;
      this.interrupt = undefined;
    }
  }

  /**
   * The next request to go out: the highest priority, then the walk that asked first, then the
   * request that asked first; unless one of a lower priority has been passed over for
   * `starvationMs`, in which case the one passed over longest goes. Background requests are left
   * out while they hold all their places; undefined when nobody else waits. Marks the requests the
   * chosen one passes over.
   */
  private pickNext(now: number): { waiter: Waiter; background: boolean } | undefined {
    const levels = new Map(this.queue.map((waiter) => [waiter, this.levelOf(waiter)]));
    const level = (waiter: Waiter) => levels.get(waiter)!;
    const backgroundHeld = this.slots.filter((slot) => slot.background).length;
    const eligible =
      backgroundHeld < this.backgroundPlaces
        ? this.queue
        : this.queue.filter((waiter) => level(waiter) > BACKGROUND_LEVEL);
    if (eligible.length === 0) {
      return undefined;
    }
    const best = first(eligible, (a, b) => level(b) - level(a) || a.order - b.order || a.arrival - b.arrival);
    const starved = eligible.filter(
      (waiter) =>
        level(waiter) < level(best) &&
        waiter.passedOverAt !== undefined &&
        now - waiter.passedOverAt >= this.starvationMs
    );
    const chosen =
      starved.length > 0 ? first(starved, (a, b) => a.passedOverAt! - b.passedOverAt! || a.arrival - b.arrival) : best;
    for (const waiter of this.queue) {
      if (level(waiter) < level(chosen) && waiter.passedOverAt === undefined) {
        waiter.passedOverAt = now;
      }
    }
    return { waiter: chosen, background: level(chosen) === BACKGROUND_LEVEL };
  }

  private levelOf(waiter: Waiter): number {
    const priority = waiter.signal ? this.walkPriority.get(waiter.signal) : undefined;
    return priorityLevel(priority ? priority() : DEFAULT_PRIORITY);
  }

  private grant(waiter: Waiter, background: boolean, clock: Clock): void {
    this.queue = this.queue.filter((w) => w !== waiter);
    const slot: Place = { until: Number.POSITIVE_INFINITY, background };
    this.slots.push(slot);
    let finished = false;
    waiter.grant({
      done: (throttledForMs) => {
        if (finished) {
          return;
        }
        finished = true;
        const now = clock.now();
        slot.until = now;
        if (throttledForMs !== undefined && throttledForMs > 0) {
          this.pausedUntil = Math.max(this.pausedUntil, now + throttledForMs);
          this.throttleListeners.forEach((listener) => listener(this.pausedUntil));
        }
        this.kick();
      },
    });
  }
}

/** The element that sorts first under `compare`, in one pass; `items` is not empty. */
function first<T>(items: T[], compare: (a: T, b: T) => number): T {
  return items.reduce((best, item) => (compare(item, best) < 0 ? item : best));
}
