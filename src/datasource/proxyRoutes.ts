import { QueryError } from '../core/errors/queryError';
import { ResolvedSettings } from '../core/model/settings';
import { apiVersionPath, auditEndpoint } from '../core/plan/planRequest';

/**
 * The plugin.json route that serves this data source's directory audits:
 * `msgraph/<cloud>/<version>/auditLogs/directoryAudits`, one per cloud and version, each fixed
 * to that one Graph endpoint so a Viewer's browser can reach nothing else through it.
 */
export function directoryAuditsRoutePath(settings: ResolvedSettings): string {
  return `msgraph/${settings.cloud}/${apiVersionPath(settings)}/auditLogs/directoryAudits`;
}

/**
 * The legacy Azure AD Graph route: `legacy/<cloud>/activities/audit`. Its URL takes the tenant from
 * the stored settings (`{{ .JsonData.tenantId }}`), never from the browser's path, so the route
 * reaches that tenant's `activities/audit` and nothing else on the legacy host.
 */
export function legacyAuditRoutePath(settings: ResolvedSettings): string {
  return `legacy/${settings.cloud}/activities/audit`;
}

/** The route serving the configured API flavour. */
export function auditRoutePath(settings: ResolvedSettings): string {
  return settings.api === 'legacy' ? legacyAuditRoutePath(settings) : directoryAuditsRoutePath(settings);
}

/**
 * Maps an absolute Graph (or legacy Azure AD Graph) URL onto Grafana's data-source proxy. Only the configured endpoint
 * itself, followed by nothing or a query string, is mapped: Grafana matches routes by plain
 * string prefix, so `directoryAuditsX` or `directoryAudits/../signIns` must never be produced.
 */
export function toProxyUrl(apiUrl: string, settings: ResolvedSettings, proxyBase: string | undefined): string {
  if (!proxyBase) {
    throw new QueryError(
      'invalidSettings',
      'This data source has no Grafana proxy URL; it must use server (proxy) access.'
    );
  }
  const endpoint = auditEndpoint(settings);
  const rest = apiUrl.startsWith(endpoint) ? apiUrl.slice(endpoint.length) : undefined;
  if (rest === undefined || (rest !== '' && !rest.startsWith('?')) || rest.includes('#')) {
    throw new QueryError(
      'foreignNextLink',
      `Refused to request ${describeOrigin(apiUrl)}: only ${endpoint} is reachable through this data source's route.`
    );
  }
  return `${proxyBase.replace(/\/+$/, '')}/${auditRoutePath(settings)}${rest}`;
}

function describeOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'an address that is not a URL';
  }
}
