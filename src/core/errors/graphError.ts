import { QueryError } from './queryError';

/** The parts of Microsoft's error bodies the messages use: Graph's `error`, legacy `odata.error`. */
interface ParsedErrorBody {
  code: string;
  message: string;
  /** The body is the retired Azure AD Graph's `odata.error`, so the answer came from the legacy API. */
  legacy: boolean;
}

const PERMISSION_CODES = new Set([
  'Authentication_MSGraphPermissionMissing',
  'Authentication_ApplicationHasNoReadAuditLogDataAccess',
  'Authentication_ApplicationHasNoDirectoryReadAccess',
  'Authorization_RequestDenied',
]);

/** Grafana's data proxy turns an upstream 401 into this 400 so the browser keeps its Grafana session. */
export const GRAFANA_PROXY_AUTH_FAILED = 'Authentication to data source failed';

const CREDENTIAL_CAUSES =
  "Likely causes: the client secret is wrong or expired (paste the secret's Value, not its Secret ID), " +
  'the client ID or tenant ID is wrong, or the cloud does not match the tenant. ' +
  'Fix them under Connections → Data sources → this data source, then Save & test.';

export function parseErrorBody(bodyText: string): ParsedErrorBody {
  try {
    const body = JSON.parse(bodyText);
    const legacy = !!body?.['odata.error'] && typeof body['odata.error'] === 'object';
    const error = legacy ? body['odata.error'] : body?.error;
    if (error && typeof error === 'object') {
      // Azure AD Graph writes the message as {lang, value}.
      const message = typeof error.message === 'string' ? error.message : error.message?.value;
      return { code: String(error.code ?? ''), message: String(message ?? ''), legacy };
    }
    if (body && typeof body.message === 'string') {
      return { code: '', message: body.message, legacy: false };
    }
  } catch {
    // Not JSON: Grafana's proxy answers some failures in plain text.
  }
  return { code: '', message: bodyText.trim().slice(0, 300), legacy: false };
}

/** Turns a non-retryable (or retries-exhausted) HTTP answer into the message a panel shows. */
export function errorFromResponse(status: number, bodyText: string): QueryError {
  const { code, message, legacy } = parseErrorBody(bodyText);
  const detail = [code, message].filter(Boolean).join(': ');
  const from = detail ? ` Microsoft said: "${detail}".` : '';

  if (status === 401 || (status === 400 && message.startsWith(GRAFANA_PROXY_AUTH_FAILED))) {
    return new QueryError(
      'authenticationFailed',
      `Microsoft rejected the data source's credentials (HTTP 401). ${CREDENTIAL_CAUSES}`,
      status
    );
  }
  if (status === 403 && legacy) {
    return new QueryError(
      'permissionDenied',
      'Azure AD Graph is retired: since 2025 Microsoft answers 403 to every app on live tenants. ' +
        "Switch the data source's API to Microsoft Graph v1.0 or beta; the legacy API is only for emulators and " +
        `archived responses, where the app needs Directory.Read.All.${from}`,
      status
    );
  }
  if (legacy && status === 400) {
    return new QueryError(
      'badRequest',
      `Azure AD Graph rejected the request (HTTP 400).${from} If the query has a raw $filter clause, check it uses the ` +
        "legacy API's names (activityDate, activity, actor/name, targets/any(...)); check the tenant ID in the data source settings.",
      status
    );
  }
  if (status === 403) {
    const cause =
      PERMISSION_CODES.has(code) || /permission|privilege/i.test(message)
        ? 'The app registration lacks a permission.'
        : 'Access was denied.';
    return new QueryError(
      'permissionDenied',
      `${cause} Reading directory audits needs the application permissions AuditLog.Read.All and Directory.Read.All, ` +
        `with admin consent granted, in Entra ID → App registrations → API permissions.${from}`,
      status
    );
  }
  if (status === 400 && /Minimum allowed time for activityDateTime/i.test(message)) {
    return new QueryError(
      'retentionExceeded',
      `The time range starts before the tenant keeps audit events.${from} ` +
        'Set "Retention (days)" in the data source settings to the tenant\'s licence (7 on Entra ID Free, 30 on P1/P2), ' +
        'or choose a shorter time range.',
      status
    );
  }
  if (status === 400) {
    return new QueryError(
      'badRequest',
      `Microsoft Graph rejected the request (HTTP 400).${from} If the query has a raw $filter clause, check its OData syntax; ` +
        'directory audits only filter on the properties Microsoft documents.',
      status
    );
  }
  if (status === 404) {
    return new QueryError(
      'notFound',
      `Microsoft Graph has no directory audits at this address (HTTP 404).${from} Check the cloud and API version in the ` +
        'data source settings; Azure China serves directory audits only on Graph beta.',
      status
    );
  }
  if (status === 429) {
    return new QueryError(
      'throttled',
      'Microsoft Graph kept throttling the query (HTTP 429) after every retry. Audit reports allow 5 requests per 10 seconds ' +
        'per app and tenant: narrow the time range, add filters, or refresh less often.',
      status
    );
  }
  if (status === 502 || status === 504) {
    return new QueryError(
      'unreachable',
      `Grafana could not get an answer from Microsoft Graph (HTTP ${status}) after every retry. ` +
        'Check that the Grafana server reaches the Graph and login hosts (firewall, outbound proxy), then retry.',
      status
    );
  }
  if (status >= 500) {
    return new QueryError(
      'unavailable',
      `Microsoft Graph failed (HTTP ${status}) after every retry.${from} This is usually temporary; retry in a few minutes.`,
      status
    );
  }
  return new QueryError('badRequest', `Unexpected answer from Microsoft Graph (HTTP ${status}).${from}`, status);
}
