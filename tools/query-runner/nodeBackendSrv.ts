import { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { urlUtil } from '@grafana/data';
import http from 'node:http';
import { Observable } from 'rxjs';

/** Grafana's status for a request it cancelled itself (a new request reused the requestId). */
const HTTP_REQUEST_CANCELED = -1;

export interface NodeBackendSrvOptions {
  /** The Grafana origin local URLs resolve against, e.g. the stand-in's `http://127.0.0.1:port`. */
  baseUrl: string;
  /** Called for every request with method and URL (for logs); never with headers. */
  onRequest?: (method: string, url: string) => void;
  /** Called with every answer as the browser would receive it (status and body text). */
  onResponse?: (status: number, body: string) => void;
}

/**
 * What `getBackendSrv()` is inside Grafana, for Node: `fetch` as an Observable over real HTTP, with
 * the behaviours a data source meets (public/app/core/services/backend_srv.ts): params serialised
 * onto the URL, an Authorization header on a local URL moved to X-DS-Authorization, the body read
 * as JSON when it parses and as text otherwise, non-2xx thrown as a FetchError whose `data.message`
 * is filled in, a reused requestId cancelling the earlier request, unsubscribe aborting the socket.
 */
export class NodeBackendSrv implements Partial<BackendSrv> {
  private inFlight = new Map<string, () => void>();

  constructor(private options: NodeBackendSrvOptions) {}

  fetch<T>(request: BackendSrvRequest): Observable<FetchResponse<T>> {
    return new Observable<FetchResponse<T>>((subscriber) => {
      const abort = new AbortController();
      const cancelled = (): FetchError => ({
        cancelled: true,
        data: null,
        status: HTTP_REQUEST_CANCELED,
        statusText: 'Request was aborted',
        config: request,
      });
      if (request.requestId) {
        this.inFlight.get(request.requestId)?.();
        this.inFlight.set(request.requestId, () => {
          abort.abort();
          subscriber.error(cancelled());
        });
      }
      const onCallerAbort = () => {
        abort.abort();
        subscriber.error(cancelled());
      };
      request.abortSignal?.addEventListener('abort', onCallerAbort, { once: true });
      this.send<T>(request, abort.signal).then(
        (response) => {
          subscriber.next(response);
          subscriber.complete();
        },
        (error) => {
          if (!abort.signal.aborted) {
            subscriber.error(error);
          }
        }
      );
      return () => {
        request.abortSignal?.removeEventListener('abort', onCallerAbort);
        if (request.requestId && this.inFlight.get(request.requestId)) {
          this.inFlight.delete(request.requestId);
        }
        abort.abort();
      };
    });
  }

  /** What Grafana's query runner calls on unsubscribe. */
  resolveCancelerIfExists(requestId: string): void {
    this.inFlight.get(requestId)?.();
    this.inFlight.delete(requestId);
  }

  private async send<T>(request: BackendSrvRequest, signal: AbortSignal): Promise<FetchResponse<T>> {
    const method = (request.method ?? 'GET').toUpperCase();
    if (request.validatePath && /(^|\/)\.\.(\/|$)/.test(safeDecode(request.url.split('?')[0]))) {
      throw new Error(`Invalid request path: ${request.url}`);
    }
    let url = request.url;
    if (request.params && Object.keys(request.params).length > 0) {
      url += (url.includes('?') ? '&' : '?') + urlUtil.serializeParams(request.params);
    }
    const absolute = new URL(url, this.options.baseUrl);
    const local = absolute.origin === new URL(this.options.baseUrl).origin;
    const headers: Record<string, string> = { accept: 'application/json, text/plain, */*' };
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      headers[name.toLowerCase()] = String(value);
    }
    if (local && headers.authorization) {
      headers['x-ds-authorization'] = headers.authorization;
      delete headers.authorization;
    }
    let body: string | undefined;
    if (request.data !== undefined && method !== 'GET') {
      body = typeof request.data === 'string' ? request.data : JSON.stringify(request.data);
      headers['content-type'] ??= 'application/json';
    }
    this.options.onRequest?.(method, url);
    const { status, statusText, responseHeaders, text } = await httpText(absolute, method, headers, body, signal);
    this.options.onResponse?.(status, text);
    const data = parseBody(text, request.responseType, responseHeaders) as T;
    if (status < 200 || status > 299) {
      throw normaliseError({ status, statusText, data, config: request });
    }
    return {
      data,
      status,
      statusText,
      ok: true,
      headers: toHeaders(responseHeaders),
      redirected: false,
      type: 'basic',
      url: absolute.toString(),
      config: request,
    };
  }
}

/** processRequestError: a text body becomes `{message, error, response}`; `error` fills a missing message. */
function normaliseError(error: FetchError): FetchError {
  if (error.data === undefined || error.data === null) {
    error.data = { message: 'Unexpected error' };
  }
  if (typeof error.data === 'string') {
    error.data = { message: error.data, error: error.statusText, response: error.data };
  }
  if (error.data && !error.data.message && typeof error.data.error === 'string') {
    error.data.message = error.data.error;
  }
  return error;
}

/** parseResponseBody: `json` must parse, `text` stays text, no type means JSON when it parses. */
function parseBody(
  text: string,
  responseType: BackendSrvRequest['responseType'],
  headers: http.IncomingHttpHeaders
): unknown {
  if (responseType === 'text') {
    return text;
  }
  if (responseType === 'json') {
    if (headers['content-length'] === '0') {
      return {};
    }
    return JSON.parse(text);
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function httpText(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  signal: AbortSignal
) {
  return new Promise<{ status: number; statusText: string; responseHeaders: http.IncomingHttpHeaders; text: string }>(
    (resolve, reject) => {
      const req = http.request(url, { method, headers, signal, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            responseHeaders: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          })
        );
        // A body cut off mid-way is what a browser reports as a failed fetch.
        res.on('error', () => reject(new TypeError('Failed to fetch')));
        res.on('aborted', () => reject(new TypeError('Failed to fetch')));
      });
      req.on('error', () => reject(new TypeError('Failed to fetch')));
      req.end(body);
    }
  );
}

function toHeaders(headers: http.IncomingHttpHeaders): Headers {
  const result = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) {
      result.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
  }
  return result;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
