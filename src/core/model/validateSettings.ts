import { invalidSettings, QueryError } from '../errors/queryError';
import { CLOUDS } from './clouds';
import { describeEndpointProblem, endpointProblem } from './endpointRule';
import { ResolvedSettings, runsOnServer } from './settings';

/**
 * A directory (tenant) ID GUID or a domain of at least two labels (contoso.onmicrosoft.com): the
 * only names Microsoft's login resolves for an app's client credentials. A single label such as
 * `contoso` is refused (Go refused it while TypeScript accepted it, so dashboards worked and alerts
 * failed); anything else could smuggle a path into the token URL. The same pattern as pkg/models.
 */
const TENANT_PATTERN =
  /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))+)$/;
const APIS = ['msgraph-v1', 'msgraph-beta', 'legacy'];

/**
 * Checks what the routes and the planner rely on, so a broken provisioning file fails with a
 * message that names the setting instead of an opaque proxy error.
 */
export function validateSettings(settings: ResolvedSettings): QueryError | undefined {
  if (settings.storedProblem) {
    return settings.storedProblem;
  }
  if (settings.cloud !== 'custom' && !Object.prototype.hasOwnProperty.call(CLOUDS, settings.cloud)) {
    return invalidSettings(
      'unknownCloud',
      `The cloud "${settings.cloud}" is unknown. Choose Azure, US Government, US Government DoD, China or custom.`
    );
  }
  if (!APIS.includes(settings.api)) {
    return invalidSettings(
      'unknownApi',
      `The API "${settings.api}" is unknown. Choose msgraph-v1, msgraph-beta or legacy.`
    );
  }
  if (!settings.tenantId) {
    return invalidSettings(
      'missingTenant',
      'The tenant ID is missing. Set it to the directory (tenant) ID GUID or a verified domain such as contoso.onmicrosoft.com.'
    );
  }
  if (!TENANT_PATTERN.test(settings.tenantId)) {
    return invalidSettings(
      'badTenant',
      `The tenant ID "${settings.tenantId}" is not a GUID or domain name such as contoso.onmicrosoft.com. Copy the Directory (tenant) ID from Entra ID → Overview.`
    );
  }
  if (!settings.clientId) {
    return invalidSettings(
      'missingClientId',
      "The client ID is missing. Set it to the app registration's Application (client) ID."
    );
  }
  const certificateProblem = certificateModeProblem(settings);
  if (certificateProblem) {
    return invalidSettings('certificateNeedsServer', certificateProblem);
  }
  if (settings.cloud === 'custom') {
    // The legacy flavour never calls Microsoft Graph: it needs its own host instead.
    const apiEndpoint =
      settings.api === 'legacy'
        ? checkEndpoint('Azure AD Graph URL', settings.legacyGraphUrl)
        : checkEndpoint('Graph URL', settings.graphUrl);
    return apiEndpoint ?? checkEndpoint('login URL', settings.loginUrl);
  }
  return undefined;
}

/**
 * Custom endpoints carry the client secret and tokens: scheme, host and port only, plain http only
 * on this machine (endpointRule.ts, the same rule as the Go engine).
 */
export function checkEndpoint(label: string, url: string): QueryError | undefined {
  const problem = endpointProblem(url);
  if (!problem) {
    return undefined;
  }
  const message = describeEndpointProblem(label, problem);
  return invalid(`${message.charAt(0).toUpperCase()}${message.slice(1)}.`);
}

/** checkEndpoint's refusals all break one rule. */
function invalid(message: string): QueryError {
  return invalidSettings('badEndpoint', message);
}

/**
 * A client certificate signs in from Grafana's server only (Grafana's proxy routes cannot sign a
 * client assertion), and only for Microsoft Graph: the legacy flavour's v1 token takes a secret.
 * The backend refuses the same settings with the same rule (validateCredential in pkg/models).
 */
function certificateModeProblem(settings: ResolvedSettings): string | undefined {
  if (settings.authMethod !== 'clientCertificate') {
    return undefined;
  }
  if (!runsOnServer(settings.queryMode)) {
    return "A client certificate needs a server query mode: Browser mode's proxy routes cannot sign in with a certificate. Choose Server or Server with store under Where queries run, or use a client secret.";
  }
  if (settings.api === 'legacy') {
    return 'A client certificate needs Microsoft Graph: Azure AD Graph (legacy) signs in with a client secret only. Choose Microsoft Graph v1.0 or beta, or use a client secret.';
  }
  return undefined;
}
