/**
 * The one door to HTTP. GET only; `url` is the absolute API URL on the configured Graph host.
 * The browser adapter maps it onto Grafana's data-source proxy; tests and the runner supply their own.
 * A connection reset or timeout rejects; the pager treats that like a 502/504.
 */
export interface TransportRequest {
  url: string;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  const key = Object.keys(headers).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : headers[key];
}
