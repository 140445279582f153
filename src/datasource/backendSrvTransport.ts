import { getBackendSrv, isFetchError } from '@grafana/runtime';
import { Subscription } from 'rxjs';

import { Transport, TransportResponse } from '../core/walk/transport';
import { abortError } from '../core/time/clock';

/**
 * The browser's Transport: GET through Grafana's backend service (session, org header, request
 * cancellation). `mapUrl` turns the core's absolute Graph URL into the proxy route URL and throws
 * for anything else, before any request. Grafana's fetch hides response headers on failures, so
 * a throttled page falls back to backoff instead of Retry-After there.
 */
export function backendSrvTransport(mapUrl: (apiUrl: string) => string, requestIdPrefix: string): Transport {
  let sequence = 0;
  return ({ url, signal }) =>
    new Promise<TransportResponse>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError());
        return;
      }
      const proxyUrl = mapUrl(url);
      // Grafana cancels an in-flight request when a new one reuses its requestId; pages never share one.
      const requestId = `${requestIdPrefix}_${++sequence}`;
      let subscription: Subscription | undefined;
      const onAbort = () => {
        subscription?.unsubscribe();
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      subscription = getBackendSrv()
        .fetch<string>({
          url: proxyUrl,
          method: 'GET',
          requestId,
          showErrorAlert: false,
          showSuccessAlert: false,
          responseType: 'text',
        })
        .subscribe({
          next: (response) => {
            signal?.removeEventListener('abort', onAbort);
            resolve({ status: response.status, headers: headersOf(response), bodyText: bodyText(response.data) });
          },
          error: (error: unknown) => {
            signal?.removeEventListener('abort', onAbort);
            if (isFetchError(error) && error.cancelled) {
              reject(abortError());
            } else if (isFetchError(error) && typeof error.status === 'number' && error.status > 0) {
              resolve({ status: error.status, headers: headersOf(error as { headers?: Headers }), bodyText: errorBodyText(error.data) });
            } else {
              reject(new Error('The request to Grafana failed before an answer arrived.'));
            }
          },
        });
    });
}

function headersOf(response: { headers?: Headers }): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers?.forEach?.((value: string, name: string) => {
    headers[name] = value;
  });
  return headers;
}

/**
 * Grafana rewrites a failed request's text body into `{message, error, response}`; the upstream's
 * own text (Graph's JSON error, the proxy's plain message) is in `response`.
 */
function errorBodyText(data: unknown): string {
  if (data && typeof data === 'object' && typeof (data as { response?: unknown }).response === 'string') {
    return (data as { response: string }).response;
  }
  return bodyText(data);
}

function bodyText(data: unknown): string {
  if (typeof data === 'string') {
    return data;
  }
  // Grafana's backend_srv (processRequestError) wraps a failed text body as {message, error, response}.
  const wrapped = data && typeof data === 'object' ? (data as { response?: unknown }).response : undefined;
  if (typeof wrapped === 'string') {
    return wrapped;
  }
  return data === undefined || data === null ? '' : JSON.stringify(data);
}
