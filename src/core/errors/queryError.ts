import { redactSecrets } from './redact';

/**
 * A failure the panel shows as the query's error: it names the cause and the fix.
 * `code` is a stable key for tests and the Go engine; `status` is the HTTP status when one caused it.
 */
export type QueryErrorCode =
  | 'invalidSettings'
  | 'invalidQuery'
  | 'authenticationFailed'
  | 'permissionDenied'
  | 'retentionExceeded'
  | 'badRequest'
  | 'notFound'
  | 'throttled'
  | 'unavailable'
  | 'unreachable'
  | 'invalidResponse'
  | 'foreignNextLink'
  | 'repeatedNextLink'
  | 'walkLimit'
  | 'eventsLimit'
  | 'cancelled';

export class QueryError extends Error {
  readonly code: QueryErrorCode;
  readonly status?: number;

  constructor(code: QueryErrorCode, message: string, status?: number) {
    super(redactSecrets(message));
    this.name = 'QueryError';
    this.code = code;
    this.status = status;
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
