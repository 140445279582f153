import http from 'node:http';
import https from 'node:https';

import { Clock } from '../../src/core/time/clock';
import { goParseUrl } from './goUrl';

export interface UpstreamTls {
  /** Extra CA certificates to trust, e.g. the emulator's self-signed CA. */
  ca?: string | Buffer;
}

export interface UpstreamTarget {
  scheme: string;
  host: string;
  /** Escaped path plus `?query`, exactly as it goes on the request line. */
  pathAndQuery: string;
}

export interface UpstreamOptions {
  method: string;
  headers: http.OutgoingHttpHeaders;
  body?: Buffer | NodeJS.ReadableStream;
  /** Waiting for the response headers longer than this is a timeout (Grafana's [dataproxy] timeout). */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface UpstreamResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  stream: http.IncomingMessage;
  readBody(): Promise<Buffer>;
}

/** A transport failure, told apart the way Grafana's reverse-proxy error handler does. */
export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'transport' | 'canceled'
  ) {
    super(message);
  }
}

/** Sends one request; rejects with an UpstreamError for a bad target, a transport error or a timeout. */
export function sendRequest(
  target: string | UpstreamTarget,
  options: UpstreamOptions,
  clock: Clock,
  tls?: UpstreamTls
): Promise<UpstreamResponse> {
  const resolved = typeof target === 'string' ? targetFromUrl(target) : target;
  if (resolved.scheme !== 'http' && resolved.scheme !== 'https') {
    return Promise.reject(new UpstreamError(`unsupported protocol scheme "${resolved.scheme}"`, 'transport'));
  }
  if (!resolved.host) {
    return Promise.reject(new UpstreamError('http: no Host in request URL', 'transport'));
  }
  const abort = new AbortController();
  return new Promise<UpstreamResponse>((resolve, reject) => {
    let settled = false;
    const timerAbort = new AbortController();
    const finish = (error?: UpstreamError, response?: UpstreamResponse) => {
      if (settled) {
        return;
      }
      settled = true;
      timerAbort.abort();
      options.signal?.removeEventListener('abort', onCallerAbort);
      if (error) {
        abort.abort();
        reject(error);
      } else {
        resolve(response!);
      }
    };
    const onCallerAbort = () => finish(new UpstreamError('context canceled', 'canceled'));
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });
    clock.sleep(options.timeoutMs, timerAbort.signal).then(
      () => finish(new UpstreamError('net/http: timeout awaiting response headers', 'timeout')),
      () => undefined
    );
    let request: http.ClientRequest;
    try {
      request = openRequest(resolved, options, abort.signal, tls);
    } catch (error) {
      finish(new UpstreamError(`invalid request: ${(error as Error).message}`, 'transport'));
      return;
    }
    request.on('error', (error) => finish(new UpstreamError(error.message, 'transport')));
    request.on('response', (message) => {
      finish(undefined, {
        status: message.statusCode ?? 502,
        headers: message.headers,
        stream: message,
        readBody: () => readAll(message),
      });
    });
    writeBody(request, options.body);
  });
}

function writeBody(request: http.ClientRequest, body: UpstreamOptions['body']): void {
  if (body === undefined) {
    request.end();
  } else if (Buffer.isBuffer(body)) {
    request.end(body);
  } else {
    body.pipe(request);
  }
}

/** The request itself; Node throws here for a header value it cannot send. */
function openRequest(
  target: UpstreamTarget,
  options: UpstreamOptions,
  signal: AbortSignal,
  tls: UpstreamTls | undefined
): http.ClientRequest {
  const { hostname, port } = splitHost(target.host, target.scheme === 'https' ? 443 : 80);
  return (target.scheme === 'https' ? https : http).request({
    hostname,
    port,
    path: target.pathAndQuery || '/',
    method: options.method,
    headers: options.headers,
    signal,
    agent: false,
    ...(target.scheme === 'https' && tls?.ca ? { ca: tls.ca } : {}),
  });
}

function targetFromUrl(url: string): UpstreamTarget {
  const parsed = goParseUrl(url);
  if (!parsed) {
    return { scheme: '', host: '', pathAndQuery: '' };
  }
  const query = url.includes('?') ? url.slice(url.indexOf('?')).replace(/#.*$/s, '') : '';
  return { scheme: parsed.scheme, host: parsed.host, pathAndQuery: (parsed.path || '/') + query };
}

function splitHost(host: string, defaultPort: number): { hostname: string; port: number } {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(host);
  const hostname = (match?.[1] ?? host).replace(/^\[|\]$/g, '');
  const port = match?.[2] ? Number(match[2]) : defaultPort;
  return { hostname, port };
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
