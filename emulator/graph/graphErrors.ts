import { RequestContext, sendJson } from '../http';
import { AuthFailure } from '../auth';

/** Microsoft Graph's error body: `{ error: { code, message, innerError: { date, request-id, client-request-id } } }`. */
export function sendGraphError(
  ctx: RequestContext,
  now: number,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {}
): number {
  const date = new Date(now).toISOString().replace(/\.\d+Z$/, '');
  sendJson(
    ctx,
    status,
    {
      error: {
        code,
        message,
        innerError: { date, 'request-id': ctx.requestId, 'client-request-id': ctx.clientRequestId },
      },
    },
    headers
  );
  return status;
}

export const AUTH_MESSAGES: Record<AuthFailure, string> = {
  missing: 'Access token is empty.',
  malformed: 'Access token validation failure. Invalid signature.',
  expired: 'Lifetime validation failed, the token is expired.',
  audience: 'Access token validation failure. Invalid audience.',
  tenant: 'Access token validation failure. Invalid tenant.',
};

/** The code and message Graph uses for each gateway fault. */
export const GRAPH_STATUS_ERRORS: Record<number, [string, string]> = {
  500: ['InternalServerError', 'An internal server error occurred.'],
  502: ['BadGateway', 'The gateway received an invalid response from the upstream service.'],
  503: ['ServiceNotAvailable', 'The service is temporarily unavailable. Retry after some time.'],
  504: ['GatewayTimeout', 'The gateway did not receive a response in time.'],
};
