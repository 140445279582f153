/**
 * Rules for the login and Graph URLs of a custom cloud. Grafana sends the client secret to the
 * login URL and the access token to the Graph URL, so plain http is allowed only on this machine
 * (the tenant emulator); anywhere else it would put both on the wire unencrypted.
 */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export type EndpointRole = 'login' | 'graph' | 'legacyGraph';

const ROLE_LABEL: Record<EndpointRole, string> = {
  login: 'Login URL',
  graph: 'Microsoft Graph URL',
  legacyGraph: 'Azure AD Graph URL',
};

/** Returns why `raw` cannot be used as a custom endpoint, or undefined when it can. */
export function customEndpointProblem(role: EndpointRole, raw: string | undefined): string | undefined {
  const label = ROLE_LABEL[role];
  const value = (raw ?? '').trim();
  if (value === '') {
    return `${label} is required for a custom cloud: enter it as https://host.`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${label} "${value}" is not a URL: enter it as https://host.`;
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return (
      `${label} "${value}" uses http://, which would send the client secret and access tokens unencrypted. ` +
      'Use https://; http:// is accepted only for localhost (for example the tenant emulator).'
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `${label} "${value}" must start with https://.`;
  }
  if (url.search !== '' || url.hash !== '') {
    return `${label} "${value}" must not carry a query string or fragment: enter only the scheme, host and path.`;
  }
  return undefined;
}

/** Every problem with the custom endpoints the settings use; empty for the built-in clouds. */
export function customEndpointProblems(settings: {
  cloud?: string;
  api?: string;
  loginUrl?: string;
  graphUrl?: string;
  legacyGraphUrl?: string;
}): string[] {
  if (settings.cloud !== 'custom') {
    return [];
  }
  const checks: Array<[EndpointRole, string | undefined]> = [['login', settings.loginUrl]];
  checks.push(settings.api === 'legacy' ? ['legacyGraph', settings.legacyGraphUrl] : ['graph', settings.graphUrl]);
  return checks.map(([role, url]) => customEndpointProblem(role, url)).filter((p): p is string => p !== undefined);
}
