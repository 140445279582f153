import { TestDataSourceResponse } from '@grafana/data';

import { GRAFANA_PROXY_AUTH_FAILED, parseErrorBody } from '../core/errors/graphError';
import { redactSecrets } from '../core/errors/redact';
import { CLOUDS } from '../core/model/clouds';
import { ResolvedSettings } from '../core/model/settings';
import { headerValue } from '../core/walk/transport';
import { apiVersionPath } from '../core/plan/planRequest';

/**
 * What Save & test tells an admin for each answer the route probe can get through Grafana's data
 * proxy. The proxy hides the token endpoint's answer (a failed token request reaches the browser
 * as Graph's 401, rewritten to 400 "Authentication to data source failed"), so that case lists
 * the likely causes and how to tell them apart instead of guessing one.
 */
export interface ProbeAnswer {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
}

const PERMISSIONS = 'AuditLog.Read.All and Directory.Read.All';
const GRANT_STEPS =
  'In Entra ID → App registrations → your app → API permissions, add the Microsoft Graph application ' +
  `permissions ${PERMISSIONS}, then click "Grant admin consent". Consent can take a few minutes to apply.`;

export const AUTH_FAILED_CAUSES = [
  "Wrong or expired client secret (AADSTS7000215, AADSTS7000222): under Certificates & secrets, check the secret's expiry and paste its Value, not its Secret ID. These attempts appear in Entra ID → Sign-in logs → Service principal sign-ins with their code.",
  "Unknown client ID (AADSTS700016): the Application (client) ID must be the app registration's, in this tenant. These attempts appear in no sign-in log of your tenant.",
  "Wrong tenant or cloud (AADSTS90002): the Directory (tenant) ID must be the tenant the app is registered in, and the cloud must be that tenant's (a US Government tenant signs in at login.microsoftonline.us).",
];

export function describeTarget(settings: ResolvedSettings): string {
  const cloud =
    settings.cloud === 'custom' ? `custom endpoint ${hostOf(apiUrlOf(settings))}` : CLOUDS[settings.cloud].label;
  const api = settings.api === 'legacy' ? 'legacy Azure AD Graph' : `Graph ${apiVersionPath(settings)}`;
  return `tenant ${settings.tenantId} (${cloud}, ${api})`;
}

/** The host the probe's route sends to: Microsoft Graph, or the legacy Azure AD Graph host. */
function apiUrlOf(settings: ResolvedSettings): string {
  return settings.api === 'legacy' ? settings.legacyGraphUrl : settings.graphUrl;
}

export function explainProbeAnswer(answer: ProbeAnswer, settings: ResolvedSettings): TestDataSourceResponse {
  const { status, bodyText } = answer;
  if (status >= 200 && status < 300) {
    return explainSuccess(bodyText, settings);
  }
  const { code, message, legacy } = parseErrorBody(bodyText);
  const said = [code, message].filter(Boolean).join(': ');
  const microsoftSaid = said ? ` Microsoft said: "${said}".` : '';

  if (status === 401 || (status === 400 && message.startsWith(GRAFANA_PROXY_AUTH_FAILED))) {
    return error(
      `Authentication failed: Microsoft Entra ID did not issue a token for client ${settings.clientId} in ${describeTarget(settings)}.`,
      "Grafana's proxy hides the exact Entra error code. Likely causes, and how to tell them apart:\n" +
        AUTH_FAILED_CAUSES.map((cause) => `• ${cause}`).join('\n')
    );
  }
  if (status === 403 && legacy) {
    return error(
      `Azure AD Graph is retired: Microsoft answers 403 to every app on live tenants (HTTP 403).${microsoftSaid}`,
      'Switch API to Microsoft Graph v1.0 (or beta) under Query limits. The legacy API is only for emulators and archived responses, where the app needs Directory.Read.All.'
    );
  }
  if (status === 403) {
    return explainForbidden(code, message, microsoftSaid);
  }
  if (status === 404) {
    if (/Unable to find datasource|Plugin not found/i.test(message)) {
      return error(
        `Grafana could not find this data source or its plugin (HTTP 404: ${message}).`,
        'Save the data source first, then test it again; if the plugin was just installed, restart Grafana.'
      );
    }
    return error(
      `Microsoft Graph has no directory audits at ${hostOf(settings.graphUrl)}/${apiVersionPath(settings)} (HTTP 404).${microsoftSaid}`,
      'Check the cloud and API version: Azure China serves directory audits on Graph beta only, and a custom Graph URL must be the host root (for example https://graph.example.org), not a path to the API.'
    );
  }
  if (status === 429) {
    const retryAfter = headerValue(answer.headers, 'retry-after');
    const wait = retryAfter ? `Wait ${retryAfter} seconds` : 'Wait about ten seconds';
    return error(
      'Microsoft Graph is throttling this app (HTTP 429).',
      `${wait} and test again. Audit reports allow 5 requests per 10 seconds per app and tenant, shared by every dashboard, alert and tool using this app registration; refresh busy dashboards less often or give Grafana its own app registration.`
    );
  }
  if (status === 502 || status === 504) {
    const what = status === 502 ? 'could not connect to' : 'timed out waiting for';
    return error(
      `Grafana's server ${what} ${hostOf(apiUrlOf(settings))} (HTTP ${status} from Grafana's data proxy).`,
      `The request leaves from the Grafana server, not your browser: check its DNS, firewall and outbound proxy for ${hostOf(apiUrlOf(settings))} and ${hostOf(settings.loginUrl)}, and that the cloud setting matches your tenant.`
    );
  }
  if (status >= 500) {
    return error(
      `Microsoft Graph failed (HTTP ${status}).${microsoftSaid}`,
      "This is usually temporary on Microsoft's side: test again in a few minutes, and check the Microsoft 365 service health page if it persists."
    );
  }
  if (status === 400 && /Minimum allowed time/i.test(message)) {
    return error(
      `Microsoft Graph refused the probe's time filter (HTTP 400).${microsoftSaid}`,
      "Set Audit retention to the tenant's licence: 7 days on Entra ID Free, 30 on P1 or P2."
    );
  }
  return error(
    `Microsoft Graph refused the probe (HTTP ${status}).${microsoftSaid}`,
    'The probe is a plain `$top=1` request; if this persists, check the Graph URL and API version.'
  );
}

function explainForbidden(code: string, message: string, microsoftSaid: string): TestDataSourceResponse {
  switch (code) {
    case 'Authentication_MSGraphPermissionMissing':
    case 'Authentication_ApplicationHasNoReadAuditLogDataAccess':
      return error(
        `The app is missing the Microsoft Graph application permission AuditLog.Read.All, or admin consent for it (HTTP 403).${microsoftSaid}`,
        GRANT_STEPS
      );
    case 'Authentication_ApplicationHasNoDirectoryReadAccess':
      return error(
        `The app is missing the Microsoft Graph application permission Directory.Read.All, or admin consent for it (HTTP 403).${microsoftSaid}`,
        GRANT_STEPS
      );
    case 'Authorization_RequestDenied':
      return error(`The app has insufficient privileges to read audit logs (HTTP 403).${microsoftSaid}`, GRANT_STEPS);
    case 'Authentication_RequestFromNonPremiumTenantOrB2CTenant':
      return error(
        `Microsoft refused the request on a licence check (HTTP 403).${microsoftSaid}`,
        'Directory audits work on every Entra ID edition, but Microsoft checks the licence through Directory.Read.All: ' +
          `make sure the app has ${PERMISSIONS} with admin consent. B2C tenants do not serve this report.`
      );
  }
  if (/plugin proxy route access denied/i.test(message)) {
    return error(
      "Grafana refused your account access to this data source's route (HTTP 403).",
      'Your Grafana role lacks the role the route requires; ask a Grafana admin to test the connection.'
    );
  }
  if (/Access denied to datasource/i.test(message)) {
    return error(
      'Grafana denied your account access to this data source (HTTP 403).',
      'Ask a Grafana admin for query permission on it.'
    );
  }
  return error(
    `Access to the audit log was denied (HTTP 403).${microsoftSaid}`,
    `Reading directory audits needs the application permissions ${PERMISSIONS} with admin consent. ${GRANT_STEPS}`
  );
}

function explainSuccess(bodyText: string, settings: ResolvedSettings): TestDataSourceResponse {
  let events: unknown;
  try {
    events = JSON.parse(bodyText)?.value;
  } catch {
    events = undefined;
  }
  if (!Array.isArray(events)) {
    return error(
      `${hostOf(apiUrlOf(settings))} answered, but not with directory audits.`,
      'Check the Graph URL: it must be the Microsoft Graph host (or your emulator), not a proxy login page or a web portal.'
    );
  }
  // Graph names the time activityDateTime, the legacy API activityDate.
  const time = events[0]?.activityDateTime ?? events[0]?.activityDate;
  const newest = typeof time === 'string' ? time : undefined;
  return {
    status: 'success',
    message: `Connected to ${describeTarget(settings)}: directory audits are readable through Grafana's proxy (${
      newest ? `the newest event is from ${newest}` : 'the audit log has no events yet'
    }).`,
  };
}

/** Microsoft's text is echoed, so it passes the same redaction as every engine error. */
function error(message: string, fix: string): TestDataSourceResponse {
  return { status: 'error', message: redactSecrets(message), details: { message: fix } };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url || 'the Graph host';
  }
}
