import { QueryError } from './errors/queryError';
import { CanonicalFrame, CanonicalRequest, Notice } from './frames/canonical';
import { ResolvedSettings } from './model/settings';

/** The panel around a query: its data source's settings, its time range and interval. */
export interface QueryContext {
  settings: ResolvedSettings;
  range: { from: number; to: number };
  intervalMs: number;
  maxDataPoints: number;
}

/** What a query produced; `error` is set instead of frames when it failed. */
export interface QueryResult {
  frames: CanonicalFrame[];
  notices: Notice[];
  error?: { message: string; status?: number; code?: string; rule?: string };
  requests: CanonicalRequest[];
  executedQueryString: string;
}

/**
 * A failed query: its error alone (no frames, no notices), with the requests it sent and the
 * executed query string, which the query inspector still shows. Anything but a QueryError is the
 * plugin's own failure.
 */
export function failure(error: unknown, requests: CanonicalRequest[], executedQueryString: string): QueryResult {
  const described: NonNullable<QueryResult['error']> =
    error instanceof QueryError
      ? { message: error.message, status: error.status, code: error.code, ...(error.rule ? { rule: error.rule } : {}) }
      : {
          message: `Unexpected failure in the query engine: ${error instanceof Error ? error.message : String(error)}`,
          code: 'internal',
        };
  const result: QueryResult = { frames: [], notices: [], error: described, requests, executedQueryString };
  if (described.status === undefined) {
    delete result.error!.status;
  }
  return result;
}
