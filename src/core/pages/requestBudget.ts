import { Clock } from '../time/clock';

/**
 * Paces requests to Microsoft's report budget (5 per 10 s per app and tenant) before Graph has to
 * answer 429. One instance is shared by every query of a data source in this browser.
 */
export class RequestBudget {
  private sent: number[] = [];

  constructor(
    private readonly requests: number,
    private readonly perMs: number
  ) {}

  async acquire(clock: Clock, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = clock.now();
      this.sent = this.sent.filter((at) => at > now - this.perMs);
      if (this.sent.length < this.requests) {
        this.sent.push(now);
        return;
      }
      await clock.sleep(this.sent[0] + this.perMs - now, signal);
    }
  }
}
