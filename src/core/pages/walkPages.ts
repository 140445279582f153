import { errorFromResponse } from '../errors/graphError';
import { isAbortError, QueryError } from '../errors/queryError';
import { abortError, Clock } from '../time/clock';
import { checkNextLink } from './nextLink';
import { RequestBudget } from './requestBudget';
import { backoffDelay, DEFAULT_RETRY_POLICY, isRetryableStatus, parseRetryAfter, RetryPolicy } from './retryPolicy';
import { headerValue, Transport, TransportResponse } from './transport';

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
  budget?: RequestBudget;
  /** Told about every request sent, retries included. */
  onRequest?: (url: string) => void;
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
 * with Retry-After honoured; a foreign or repeated nextLink stops the walk with an error.
 */
export async function walkPages(options: WalkOptions): Promise<WalkResult> {
  const seen = new Set<string>([options.firstUrl]);
  const result: WalkResult = { pages: 0, requests: 0, retries: 0, stoppedEarly: false };
  let url = options.firstUrl;
  for (;;) {
    const body = await fetchPage(url, options, result);
    result.pages++;
    const items = body.value;
    const nextLink = body['@odata.nextLink'];
    const hasNext = nextLink !== undefined && nextLink !== null;
    // Checked before the page is used, so a hostile link never produces even a partial result.
    const next = hasNext ? checkNextLink(nextLink, options.endpoint) : undefined;
    if (next !== undefined && seen.has(next)) {
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
    seen.add(next);
    url = next;
  }
}

interface PageBody {
  value: unknown[];
  '@odata.nextLink'?: unknown;
}

async function fetchPage(url: string, options: WalkOptions, result: WalkResult): Promise<PageBody> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
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
    const waitMs = isRetryableStatus(response.status) ? (retryAfter ?? backoffDelay(attempt, policy, random)) : 0;
    // Through Grafana's proxy a 429 arrives without its headers: the backoff then stands in for Retry-After.
    slot?.done(response.status === 429 ? waitMs : undefined);
    let failure: QueryError;
    if (response.status >= 200 && response.status < 300) {
      const body = parseBody(response.bodyText);
      if (body) {
        return body;
      }
      failure = new QueryError(
        'invalidResponse',
        'Microsoft Graph answered with a page that is not valid JSON, on every retry. Retry later; if it persists, check any proxy between Grafana and Microsoft.',
        response.status
      );
    } else if (isRetryableStatus(response.status)) {
      failure = errorFromResponse(response.status, response.bodyText);
    } else {
      throw errorFromResponse(response.status, response.bodyText);
    }
    if (attempt >= policy.maxRetries) {
      throw failure;
    }
    if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) {
      throw new QueryError(
        'throttled',
        `Microsoft Graph asked to wait ${Math.round(retryAfter / 1000)} s before the next request (HTTP ${response.status}). ` +
          'Retry later, narrow the time range or refresh less often.',
        response.status
      );
    }
    result.retries++;
    await options.clock.sleep(waitMs, options.signal);
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

function parseBody(text: string): PageBody | undefined {
  try {
    const body = JSON.parse(text);
    if (body && typeof body === 'object' && Array.isArray(body.value)) {
      return body;
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
