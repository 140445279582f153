import { urlUtil } from '@grafana/data';
import { BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { Observable } from 'rxjs';

/** Grafana's status for a request it cancelled itself (a new request reused the requestId). */
const HTTP_REQUEST_CANCELED = -1;

/** One request the plugin made through getBackendSrv(), for the tests. */
export interface BackendRequestRecord {
  method: string;
  url: string;
  requestId?: string;
  status?: number;
}

/**
 * getBackendSrv() for the test host, on the browser's fetch, with the behaviours of Grafana's
 * backend_srv.ts a data source meets: params on the URL, same-origin credentials, the body as
 * JSON when it parses (text when asked), non-2xx as a FetchError with `data.message`, a reused
 * requestId cancelling the earlier request, and unsubscribe aborting the request.
 */
export class BrowserBackendSrv {
  readonly requests: BackendRequestRecord[] = [];
  private inFlight = new Map<string, () => void>();

  fetch<T>(request: BackendSrvRequest): Observable<FetchResponse<T>> {
    return new Observable<FetchResponse<T>>((subscriber) => {
      const abort = new AbortController();
      const cancel = () => {
        abort.abort();
        const error: FetchError = {
          cancelled: true,
          data: null,
          status: HTTP_REQUEST_CANCELED,
          statusText: 'Request was aborted',
          config: request,
        };
        subscriber.error(error);
      };
      if (request.requestId) {
        this.inFlight.get(request.requestId)?.();
        this.inFlight.set(request.requestId, cancel);
      }
      this.send<T>(request, abort.signal).then(
        (response) => {
          subscriber.next(response);
          subscriber.complete();
        },
        (error: unknown) => {
          if (!abort.signal.aborted) {
            subscriber.error(error);
          }
        }
      );
      return () => {
        if (request.requestId && this.inFlight.get(request.requestId) === cancel) {
          this.inFlight.delete(request.requestId);
        }
        abort.abort();
      };
    });
  }

  resolveCancelerIfExists(requestId: string): void {
    this.inFlight.get(requestId)?.();
    this.inFlight.delete(requestId);
  }

  private async send<T>(request: BackendSrvRequest, signal: AbortSignal): Promise<FetchResponse<T>> {
    const method = (request.method ?? 'GET').toUpperCase();
    let url = request.url;
    if (request.params && Object.keys(request.params).length > 0) {
      url += (url.includes('?') ? '&' : '?') + urlUtil.serializeParams(request.params);
    }
    const record: BackendRequestRecord = { method, url, requestId: request.requestId };
    this.requests.push(record);
    const headers: Record<string, string> = { accept: 'application/json, text/plain, */*', 'X-Grafana-Org-Id': '1' };
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      headers[name] = String(value);
    }
    let body: string | undefined;
    if (request.data !== undefined && method !== 'GET') {
      body = typeof request.data === 'string' ? request.data : JSON.stringify(request.data);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(url, { method, headers, body, signal, credentials: 'same-origin' });
    const text = await response.text();
    record.status = response.status;
    const data = parseBody(text, request.responseType) as T;
    if (!response.ok) {
      throw normaliseError({ status: response.status, statusText: response.statusText, data, config: request });
    }
    return {
      data,
      status: response.status,
      statusText: response.statusText,
      ok: true,
      headers: response.headers,
      redirected: response.redirected,
      type: response.type,
      url: response.url,
      config: request,
    };
  }
}

function parseBody(text: string, responseType: BackendSrvRequest['responseType']): unknown {
  if (responseType === 'text') {
    return text;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** processRequestError: a text body becomes `{message, error, response}`; `error` fills a missing message. */
function normaliseError(error: FetchError): FetchError {
  if (error.data === undefined || error.data === null || error.data === '') {
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
