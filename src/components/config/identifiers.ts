/** Checks of the identifiers an admin copies from the app registration's Overview page. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
/** Multi-tenant aliases that the client-credentials grant cannot use: it needs one tenant. */
const TENANT_ALIASES = new Set(['common', 'organizations', 'consumers']);

export function tenantIdProblem(raw: string | undefined): string | undefined {
  const value = (raw ?? '').trim();
  if (value === '') {
    return undefined;
  }
  if (TENANT_ALIASES.has(value.toLowerCase())) {
    return `"${value}" names no single tenant; an app reading audit logs needs its Directory (tenant) ID.`;
  }
  if (GUID.test(value) || DOMAIN.test(value)) {
    return undefined;
  }
  return (
    `"${value}" is neither a tenant ID nor a domain: copy the Directory (tenant) ID (a GUID) from the app ` +
    "registration's Overview page, or use a verified domain such as contoso.onmicrosoft.com."
  );
}

export function clientIdProblem(raw: string | undefined): string | undefined {
  const value = (raw ?? '').trim();
  if (value === '' || GUID.test(value)) {
    return undefined;
  }
  return `"${value}" is not an Application (client) ID: copy the GUID from the app registration's Overview page.`;
}
