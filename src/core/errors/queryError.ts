import { redactSecrets } from './redact';
import { ValidationRule } from './validationRule';

export const QUERY_ERROR_CODES = [
  'invalidSettings',
  'invalidQuery',
  'authenticationFailed',
  'permissionDenied',
  'retentionExceeded',
  'badRequest',
  'notFound',
  'throttled',
  'unavailable',
  'unreachable',
  'invalidResponse',
  'foreignNextLink',
  'repeatedNextLink',
  'walkLimit',
  'eventsLimit',
  /** A named limit (src/core/model/limits.ts): the message names it, its number and the fix. */
  'limitExceeded',
  'cancelled',
] as const;

/** The codes of conformance/tables/errors.json, which gives each the status and source Grafana answers. */
export type QueryErrorCode = (typeof QUERY_ERROR_CODES)[number];

/**
 * A failure the panel shows as the query's error: it names the cause and the fix.
 * `code` is a stable key for tests and the Go engine; `status` is the HTTP status when one caused it;
 * `rule` names the validation rule a refused setting or query broke (the same in both engines).
 */
export class QueryError extends Error {
  readonly code: QueryErrorCode;
  readonly status?: number;
  readonly rule?: ValidationRule;

  constructor(code: QueryErrorCode, message: string, status?: number, rule?: ValidationRule) {
    super(redactSecrets(message));
    this.name = 'QueryError';
    this.code = code;
    this.status = status;
    this.rule = rule;
  }
}

/** A stored setting that stops the data source from working. */
export function invalidSettings(rule: ValidationRule, message: string): QueryError {
  return new QueryError('invalidSettings', message, undefined, rule);
}

/** A stored query no editor produces, or one Microsoft could not be asked. */
export function invalidQuery(rule: ValidationRule, message: string): QueryError {
  return new QueryError('invalidQuery', message, undefined, rule);
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
