import { RequestContext, sendJson } from '../http';
import { AuthFailure } from '../auth';

/** Azure AD Graph's error body: `odata.error` with `message` as a `{lang, value}` object (graph-api.md §5.6). */
export function sendLegacyError(
  ctx: RequestContext,
  now: number,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {}
): number {
  sendJson(
    ctx,
    status,
    {
      'odata.error': {
        code,
        message: { lang: 'en', value: message },
        requestId: ctx.requestId,
        date: new Date(now).toISOString().replace(/\.\d+Z$/, ''),
      },
    },
    headers
  );
  return status;
}

export const LEGACY_AUTH_ERRORS: Record<AuthFailure, [string, string]> = {
  missing: ['Authentication_MissingOrMalformed', 'Access Token missing or malformed.'],
  malformed: ['Authentication_MissingOrMalformed', 'Access Token missing or malformed.'],
  expired: [
    'Authentication_ExpiredToken',
    'Your access token has expired. Please renew it before submitting the request.',
  ],
  audience: [
    'Authentication_MissingOrMalformed',
    'Access Token missing or malformed. The audience is not Azure AD Graph.',
  ],
  tenant: ['Authentication_Unauthorized', 'Access to this tenant is denied.'],
};

export const LEGACY_STATUS_ERRORS: Record<number, [string, string]> = {
  500: ['Service_InternalServerError', 'Encountered an internal server error.'],
  502: ['Service_InternalServerError', 'Bad gateway.'],
  503: ['Service_ServiceUnavailable', 'The service is temporarily unavailable.'],
  504: ['Service_InternalServerError', 'The gateway timed out.'],
};
