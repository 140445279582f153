/**
 * Emulated time: the configured start plus real elapsed time multiplied by the time scale.
 * Throttle windows, latency, ingestion delay and live arrivals all read this clock, so a
 * fast clock keeps their ratios while tests finish in seconds.
 */
export class EmulatorClock {
  private readonly realStart = Date.now();
  private offset = 0;

  constructor(
    private readonly start: number,
    readonly timeScale: number
  ) {
    if (!(timeScale > 0)) {
      throw new Error(`timeScale must be a positive number, got ${timeScale}`);
    }
  }

  now(): number {
    return Math.floor(this.start + (Date.now() - this.realStart) * this.timeScale + this.offset);
  }

  /** Jumps emulated time forward without waiting (tests of ingestion and live arrivals). */
  advance(ms: number): void {
    this.offset += ms;
  }

  /** Real milliseconds that `emulatedMs` takes at this scale. */
  toReal(emulatedMs: number): number {
    return emulatedMs / this.timeScale;
  }

  sleep(emulatedMs: number): Promise<void> {
    if (emulatedMs <= 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => setTimeout(resolve, this.toReal(emulatedMs)));
  }
}
