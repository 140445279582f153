/**
 * When and how long to wait before asking again. Microsoft: honour Retry-After (seconds, may be
 * fractional, e.g. 2.128), otherwise back off exponentially; retrying at once makes throttling worse.
 */
export interface RetryPolicy {
  /** Retries per page after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this fails the query instead of holding the panel for minutes. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 6,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/** 502 is what a connection reset looks like through Grafana's proxy; 504 a timeout. */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/** Retry-After in milliseconds: delta-seconds (fractional allowed) or an HTTP date. */
export function parseRetryAfter(header: string | undefined, now: number): number | undefined {
  if (header === undefined || header.trim() === '') {
    return undefined;
  }
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Math.ceil(parseFloat(trimmed) * 1000);
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Capped exponential backoff with jitter in [50 %, 100 %] of the step, so parallel panels spread out. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(step * (0.5 + random() * 0.5));
}

/**
 * Microsoft's Graph SDK waits 3 s before retrying a 429 that names no Retry-After
 * (RetryHandlerOptions.DEFAULT_DELAY); through Grafana's proxy no 429 shows its header, and a retry
 * inside the throttle window is throttled again and counts against the budget.
 */
export const THROTTLE_FIRST_WAIT_MS = 3000;
/** The wait between throttled tries stops doubling here (before jitter): a throttled walk still asks about once a minute. */
export const THROTTLE_MAX_STEP_MS = 60_000;

/**
 * How long to wait after the page's `throttles`-th 429 in a row (0 for the first). Retry-After is
 * honoured as asked the first time; when 429s keep coming someone else is spending the budget, so
 * the walk asks less and less often (doubling, jitter in [100 %, 150 %] of the step).
 */
export function throttleDelay(throttles: number, retryAfterMs: number | undefined, random: () => number): number {
  const backoff = (n: number) =>
    Math.round(Math.min(THROTTLE_MAX_STEP_MS, THROTTLE_FIRST_WAIT_MS * 2 ** n) * (1 + random() * 0.5));
  if (retryAfterMs === undefined) {
    return backoff(throttles);
  }
  return throttles === 0 ? retryAfterMs : Math.max(retryAfterMs, backoff(throttles - 1));
}
