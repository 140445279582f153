import { QueryError } from '../errors/queryError';
import { describeEndpointProblem, endpointProblem } from './endpointRule';
import { ResolvedSettings } from './settings';

const TENANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;

/**
 * Checks what the routes and the planner rely on, so a broken provisioning file fails with a
 * message that names the setting instead of an opaque proxy error.
 */
export function validateSettings(settings: ResolvedSettings): QueryError | undefined {
  if (!settings.tenantId) {
    return invalid(
      'The tenant ID is missing. Set it to the directory (tenant) ID GUID or a verified domain such as contoso.onmicrosoft.com.'
    );
  }
  if (!TENANT_PATTERN.test(settings.tenantId)) {
    return invalid(
      `The tenant ID "${settings.tenantId}" is not a GUID or domain name. Copy the Directory (tenant) ID from Entra ID → Overview.`
    );
  }
  if (!settings.clientId) {
    return invalid("The client ID is missing. Set it to the app registration's Application (client) ID.");
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

function invalid(message: string): QueryError {
  return new QueryError('invalidSettings', message);
}
