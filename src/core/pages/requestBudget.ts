import { abortError, Clock } from '../time/clock';

/** Handed to a request that may go out; told how it ended so the budget can account for it. */
export interface RequestSlot {
  /**
   * The answer arrived. `throttledForMs`: Graph answered 429 (or the caller backs off after a
   * 429 it could not read) and asked for this long: nobody of this data source asks before then.
   */
  done(throttledForMs?: number): void;
}

interface Waiter {
  order: number;
  arrival: number;
  grant: (slot: RequestSlot) => void;
  signal?: AbortSignal;
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
 * - Walks that asked first are served first: each walk is told apart by its AbortSignal, and its
 *   later pages keep the walk's place in line. Requests nobody waits for any more leave the queue.
 */
export class RequestBudget {
  /** Answer times of recent requests; Infinity while a request is in flight. */
  private slots: Array<{ until: number }> = [];
  private queue: Waiter[] = [];
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private readonly walkOrder = new WeakMap<AbortSignal, number>();
  private nextOrder = 0;
  private arrivals = 0;
  private pumping = false;
  private interrupt?: AbortController;
  private clock?: Clock;
  private readonly throttleListeners = new Set<(resumeAt: number) => void>();

  constructor(
    private readonly requests: number,
    private readonly perMs: number
  ) {}

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
      this.queue.sort((a, b) => a.order - b.order || a.arrival - b.arrival);
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
          this.grantHead(clock);
          continue;
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

  private grantHead(clock: Clock): void {
    const waiter = this.queue.shift()!;
    const slot = { until: Number.POSITIVE_INFINITY };
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
