/**
 * The one rule for custom-cloud endpoint URLs, shared with pkg/models/endpoint.go and decided by
 * the table conformance/tables/endpoints.json. An endpoint is a scheme, a host and an optional
 * port, nothing else: Grafana's routes paste the stored text in front of a fixed path
 * (`{{ .JsonData.graphUrl }}/v1.0/auditLogs/directoryAudits`), so a path, `?`, `#`, `\`, an
 * encoded character or whitespace in it would change which path a token-bearing route reaches.
 * No reverse proxy this plugin supports needs a path prefix, so none is allowed.
 */
export type EndpointProblem =
  | 'missing'
  | 'character'
  | 'backslash'
  | 'notAbsolute'
  | 'scheme'
  | 'fragment'
  | 'query'
  | 'userinfo'
  | 'path'
  | 'encoded'
  | 'host'
  | 'port'
  | 'httpNotLocal';

/** Hosts where plain http is allowed: the emulator on this machine. Exact text, nothing looser. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s;
const HOST_AND_PORT = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/s;
const DNS_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const IPV6_LITERAL = /^\[[0-9A-Fa-f:.]+\]$/;
const MAX_PORT = 65_535;

/** The first problem of an endpoint URL, in the order the table fixes; undefined when it is allowed. */
export function endpointProblem(value: string): EndpointProblem | undefined {
  if (value === '') {
    return 'missing';
  }
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x21 || code > 0x7e) {
      return 'character';
    }
  }
  if (value.includes('\\')) {
    return 'backslash';
  }
  const absolute = SCHEME.exec(value);
  if (!absolute) {
    return 'notAbsolute';
  }
  const [, scheme, rest] = absolute;
  if (scheme !== 'https' && scheme !== 'http') {
    return 'scheme';
  }
  const problem = authorityProblem(rest);
  if (problem || scheme === 'https') {
    return problem;
  }
  return LOCAL_HOSTS.has(rest.replace(/:[0-9]+$/, '')) ? undefined : 'httpNotLocal';
}

function authorityProblem(authority: string): EndpointProblem | undefined {
  const marks: Array<[string, EndpointProblem]> = [
    ['#', 'fragment'],
    ['?', 'query'],
    ['@', 'userinfo'],
    ['/', 'path'],
    ['%', 'encoded'],
  ];
  for (const [mark, problem] of marks) {
    if (authority.includes(mark)) {
      return problem;
    }
  }
  const [, host, port] = HOST_AND_PORT.exec(authority) ?? [];
  if (!host || !(DNS_NAME.test(host) || IPV6_LITERAL.test(host))) {
    return 'host';
  }
  if (port !== undefined && !(/^[0-9]{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= MAX_PORT)) {
    return 'port';
  }
  return undefined;
}

/** What to tell the admin for each problem; `label` names the setting (e.g. "login URL"). */
export function describeEndpointProblem(label: string, problem: EndpointProblem): string {
  const fixes: Record<EndpointProblem, string> = {
    missing: `the custom cloud has no ${label}: set it in the data source settings, e.g. https://graph.example.com`,
    character: `the ${label} contains whitespace, a control character or a non-ASCII character: type the address again (an internationalised host name in its xn-- form)`,
    backslash: `the ${label} contains a backslash: use only scheme, host and port, e.g. https://graph.example.com`,
    notAbsolute: `the ${label} is not an absolute URL: use scheme and host, e.g. https://graph.example.com`,
    scheme: `the ${label} carries the client secret or tokens, so it must use https:// (plain http:// only on localhost)`,
    fragment: `the ${label} has a fragment (#): remove the # and everything after it`,
    query: `the ${label} has a query (?): remove the ? and everything after it`,
    userinfo: `the ${label} carries credentials (user@): remove them, it must be a plain scheme, host and port without credentials`,
    path: `the ${label} has a path: use only scheme, host and optional port, e.g. https://graph.example.com, with no trailing slash`,
    encoded: `the ${label} contains a percent-encoded character: use the plain host name`,
    host: `the ${label} has no valid host name: use e.g. https://graph.example.com`,
    port: `the ${label} has an invalid port: use a number from 1 to 65535`,
    httpNotLocal: `the ${label} carries the client secret or tokens, so it must use https:// (plain http:// is only allowed for localhost, 127.0.0.1 and [::1])`,
  };
  return fixes[problem];
}
