import { abortError, Clock } from './clock';

interface Sleeper {
  wakeAt: number;
  resolve: () => void;
}

/**
 * A clock that only moves when told to. Sleepers wake in wake-time order as time advances,
 * which makes retry and pacing schedules exact and deterministic in tests and benchmarks.
 */
export class ManualClock implements Clock {
  private current: number;
  private sleepers: Sleeper[] = [];

  constructor(start: number | string = 0) {
    this.current = typeof start === 'string' ? Date.parse(start) : start;
  }

  now(): number {
    return this.current;
  }

  /** Wake times of everyone currently sleeping, soonest first. */
  pendingWakeTimes(): number[] {
    return this.sleepers.map((s) => s.wakeAt).sort((a, b) => a - b);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) {
      return Promise.reject(abortError());
    }
    return new Promise((resolve, reject) => {
      const sleeper: Sleeper = { wakeAt: this.current + Math.max(0, ms), resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          reject(abortError());
        },
        { once: true }
      );
    });
  }

  /** Moves time forward by `ms`, waking each sleeper at its own wake time and letting its continuation run. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      const next = this.sleepers.filter((s) => s.wakeAt <= target).sort((a, b) => a.wakeAt - b.wakeAt)[0];
      if (!next) {
        break;
      }
      this.current = next.wakeAt;
      this.sleepers = this.sleepers.filter((s) => s !== next);
      next.resolve();
      await flushMicrotasks();
    }
    this.current = target;
    await flushMicrotasks();
  }

  /** Advances straight to the next wake time, if anyone sleeps; returns false when nobody does. */
  async advanceToNextWake(): Promise<boolean> {
    const [next] = this.pendingWakeTimes();
    if (next === undefined) {
      return false;
    }
    await this.advance(next - this.current);
    return true;
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await Promise.resolve();
  }
}
