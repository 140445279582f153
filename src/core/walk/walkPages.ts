import { errorFromResponse } from '../errors/graphError';
import { isAbortError, QueryError } from '../errors/queryError';
import { abortError, Clock } from '../time/clock';
import { DEFAULT_THROTTLE_GIVE_UP_MINUTES } from '../model/settings';
import { mayHoldSurrogateEscape, wellFormedJson } from '../model/wellFormed';
import { canonicalLink, checkNextLink } from './nextLink';
import { Pacing } from './pacing';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  parseRetryAfter,
  RetryPolicy,
  throttleDelay,
} from './retryPolicy';
import { headerValue, Transport, TransportResponse } from './transport';
import { PageLimits } from './walkLimits';

export type PageVerdict = 'continue' | 'stop';

export interface WalkOptions {
  firstUrl: string;
  /** The endpoint every nextLink must address. */
  endpoint: string;
  transport: Transport;
  clock: Clock;
  signal?: AbortSignal;
  policy?: RetryPolicy;
  /** Jitter source; tests pass a fixed one. */
  random?: () => number;
  budget?: Pacing;
  /** Told about every request sent, retries included. */
  onRequest?: (url: string) => void;
  /** Pages the walk may request (maxPagesPerWalk); unbounded when absent. */
  maxPages?: number;
  /** How long one page may stay throttled (429 after 429) before the walk fails. */
  throttleGiveUpMs?: number;
  /** Receives each page's `value`; returning 'stop' ends the walk (the events limit). */
  onPage: (items: unknown[], hasNextPage: boolean) => PageVerdict;
}

export interface WalkResult {
  pages: number;
  requests: number;
  retries: number;
  /** True when onPage stopped the walk while Graph still had pages. */
  stoppedEarly: boolean;
}

/**
 * Walks `@odata.nextLink` to the end. Each page is retried on throttling and transient faults,
 * with Retry-After honoured; a foreign or repeated nextLink, or a walk past the page limits
 * (walkLimits.ts), stops the walk with an error.
 */
export async function walkPages(options: WalkOptions): Promise<WalkResult> {
  const seen = new Set<string>([canonicalLink(options.firstUrl)]);
  const limits = new PageLimits(options.maxPages);
  const result: WalkResult = { pages: 0, requests: 0, retries: 0, stoppedEarly: false };
  let url = options.firstUrl;
  for (;;) {
    const body = await fetchPage(url, options, result);
    result.pages++;
    const items = body.value;
    const nextLink = body['@odata.nextLink'];
    // Null and empty text mean no next page, as in Go; any other kind makes the page not a page.
    const hasNext = nextLink !== undefined && nextLink !== null && nextLink !== '';
    // Checked before the page is used, so a hostile link never produces even a partial result.
    const next = hasNext ? checkNextLink(nextLink, options.endpoint) : undefined;
    if (next !== undefined && seen.has(canonicalLink(next))) {
      throw new QueryError(
        'repeatedNextLink',
        `Microsoft Graph sent the same next-page link twice (after ${result.pages} pages); the walk was stopped so no page is counted twice. Retry the query.`
      );
    }
    if (options.onPage(items, hasNext) === 'stop') {
      result.stoppedEarly = hasNext;
      return result;
    }
    if (next === undefined) {
      return result;
    }
    limits.beforeNext(items.length);
    seen.add(canonicalLink(next));
    url = next;
  }
}

interface PageBody {
  value: unknown[];
  '@odata.nextLink'?: unknown;
}

/**
 * One page, retried: a 429 waits as Microsoft asks (throttleDelay) and pauses the whole budget,
 * for as long as `throttleGiveUpMs` allows; other transient faults get `maxRetries` retries.
 */
async function fetchPage(url: string, options: WalkOptions, result: WalkResult): Promise<PageBody> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  const throttle = new ThrottleRun(
    options.clock,
    options.throttleGiveUpMs ?? DEFAULT_THROTTLE_GIVE_UP_MINUTES * 60_000
  );
  let reauthorised = false;
  for (let faults = 0; ;) {
    throwIfAborted(options.signal);
    const slot = await options.budget?.acquire(options.clock, options.signal);
    options.onRequest?.(url);
    result.requests++;
    let response: TransportResponse;
    try {
      response = await send(url, options);
    } catch (error) {
      slot?.done();
      throw error;
    }
    const retryAfter = parseRetryAfter(headerValue(response.headers, 'Retry-After'), options.clock.now());
    let waitMs: number;
    if (response.status === 429) {
      waitMs = throttle.nextWait(retryAfter, random);
      // Everyone of this data source waits with this walk: asking sooner is throttled again.
      slot?.done(waitMs);
      throttle.checkBound(waitMs, retryAfter, policy, response);
    } else if (response.status === 401 && !reauthorised) {
      // A revoked or expired token: Grafana's proxy (or the backend) gets a fresh one; one more try
      // at once, then Graph's answer is the error. The same rule as fetchPage in pkg/graph.
      slot?.done();
      reauthorised = true;
      continue;
    } else {
      slot?.done();
      const body = response.status >= 200 && response.status < 300 ? parseBody(response.bodyText) : undefined;
      if (body) {
        return body;
      }
      const failure = faultOf(response);
      if (faults >= policy.maxRetries) {
        throw failure;
      }
      if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) {
        throw waitTooLong(retryAfter, response.status);
      }
      waitMs = retryAfter ?? backoffDelay(faults, policy, random);
      faults++;
    }
    result.retries++;
    await options.clock.sleep(waitMs, options.signal);
  }
}

/** A 2xx that is not a page, or a retryable status, as the error shown when retries run out; others throw at once. */
function faultOf(response: TransportResponse): QueryError {
  if (response.status >= 200 && response.status < 300) {
    return new QueryError(
      'invalidResponse',
      'Microsoft Graph answered with a page that is not valid JSON, on every retry. Retry later; if it persists, check any proxy between Grafana and Microsoft.',
      response.status
    );
  }
  if (isRetryableStatus(response.status)) {
    return errorFromResponse(response.status, response.bodyText);
  }
  throw errorFromResponse(response.status, response.bodyText);
}

function waitTooLong(retryAfter: number, status: number): QueryError {
  return new QueryError(
    'throttled',
    `Microsoft Graph asked to wait ${Math.round(retryAfter / 1000)} s before the next request (HTTP ${status}). ` +
      'Retry later, narrow the time range or refresh less often.',
    status
  );
}

/** One page's run of 429s: how long to wait next, and whether the walk may still wait that long. */
class ThrottleRun {
  private throttles = 0;
  private since?: number;

  constructor(
    private readonly clock: Clock,
    private readonly giveUpMs: number
  ) {}

  nextWait(retryAfter: number | undefined, random: () => number): number {
    this.since ??= this.clock.now();
    return throttleDelay(this.throttles++, retryAfter, random);
  }

  /** Throws when the wait asked is beyond reason, or would end past the give-up bound. */
  checkBound(waitMs: number, retryAfter: number | undefined, policy: RetryPolicy, response: TransportResponse): void {
    if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) {
      throw waitTooLong(retryAfter, response.status);
    }
    const throttledMs = this.clock.now() + waitMs - this.since!;
    if (throttledMs > this.giveUpMs) {
      const minutes = Math.round(this.giveUpMs / 60_000);
      throw new QueryError(
        'throttled',
        `Microsoft Graph kept throttling the query (HTTP 429) for ${Math.round((this.clock.now() - this.since!) / 1000)} s ` +
          `after ${this.throttles} tries; it gives up after ${minutes} minute${minutes === 1 ? '' : 's'} ("Give up after throttling", throttleGiveUpMinutes ` +
          'in the data source settings). Other viewers, alert rules or tools using the same app registration share ' +
          "Microsoft's budget (5 report requests per 10 s): retry later, refresh less often, or raise the setting.",
        response.status
      );
    }
  }
}

/** A transport rejection (reset, timeout) is a transient 502 unless the walk was cancelled. */
async function send(url: string, options: WalkOptions): Promise<TransportResponse> {
  try {
    return await options.transport({ url, signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted || isAbortError(error)) {
      throw abortError();
    }
    // The transport refused on purpose (e.g. a URL outside its route): retrying cannot help.
    if (error instanceof QueryError) {
      throw error;
    }
    return { status: 502, headers: {}, bodyText: '' };
  }
}

/**
 * A page is an object with a `value` list and a text `@odata.nextLink` if any; anything else is
 * retried like a truncated body, as Go's decoder refuses it. Lone surrogates read as U+FFFD, as in Go.
 */
function parseBody(text: string): PageBody | undefined {
  try {
    const body = JSON.parse(text);
    const link: unknown = body?.['@odata.nextLink'];
    const linkIsText = link === undefined || link === null || typeof link === 'string';
    if (body && typeof body === 'object' && Array.isArray(body.value) && linkIsText) {
      return mayHoldSurrogateEscape(text) ? wellFormedJson(body) : body;
    }
  } catch {
    // Falls through: a truncated or HTML body is retried like a transient fault.
  }
  return undefined;
}

function throwIfAborted(signal?: AbortSignal) {
  if (signal?.aborted) {
    throw abortError();
  }
}
