/**
 * Microsoft Graph's identity-and-access report budget: N requests per sliding window, per app
 * per tenant. Throttled requests count too ("Graph continues to log resource usage while a client
 * is being throttled"), so a client that ignores Retry-After stays throttled.
 */
export interface Budget {
  requests: number;
  perSeconds: number;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export class Throttle {
  private readonly windows = new Map<string, number[]>();

  constructor(private budget: Budget | false) {}

  setBudget(budget: Budget | false): void {
    this.budget = budget;
    this.windows.clear();
  }

  getBudget(): Budget | false {
    return this.budget;
  }

  reset(): void {
    this.windows.clear();
  }

  check(key: string, now: number): ThrottleDecision {
    if (!this.budget) {
      return { allowed: true };
    }
    const windowMs = this.budget.perSeconds * 1000;
    const entries = (this.windows.get(key) ?? []).filter((t) => t > now - windowMs);
    const allowed = entries.length < this.budget.requests;
    entries.push(now);
    this.windows.set(key, entries);
    if (allowed) {
      return { allowed: true };
    }
    // The instant enough entries have left the window for one more request to fit.
    const freeAt = entries[entries.length - this.budget.requests] + windowMs;
    return { allowed: false, retryAfterMs: Math.max(1, freeAt - now) };
  }
}
