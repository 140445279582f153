import { EmulatorState } from '../state';
import { RequestContext, sendJson } from '../http';
import { findTenant, isWellFormedTenant } from '../tenants';
import { TokenError, tokenErrorBody, tokenErrors } from './tokenErrors';

/**
 * What Microsoft's Azure Identity libraries read before a token: the tenant's OpenID metadata,
 * whose issuer must be the authority itself (scheme, host and port), and instance discovery,
 * which the Go library asks for hosts it does not know unless it is told not to.
 */

/** `GET /{tenant}/v2.0/.well-known/openid-configuration`, with Entra ID's errors for unknown tenants. */
export function handleOpenIdConfiguration(state: EmulatorState, ctx: RequestContext, tenantSegment: string): number {
  const fail = (err: TokenError) => {
    sendJson(ctx, err.status, tokenErrorBody(err, new Date(state.clock.now()), ctx.origin));
    return err.status;
  };
  const identifier = decodeURIComponent(tenantSegment);
  if (!isWellFormedTenant(identifier)) {
    return fail(tokenErrors.malformedTenant(identifier));
  }
  const tenant = findTenant(state.tenants, identifier);
  if (!tenant) {
    return fail(tokenErrors.unknownTenant(identifier));
  }
  const base = `${ctx.origin}/${tenant.config.id}`;
  sendJson(ctx, 200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${ctx.origin}/${tenant.config.id}/discovery/v2.0/keys`,
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    issuer: `${base}/v2.0`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    tenant_region_scope: 'EU',
    cloud_instance_name: new URL(ctx.origin).hostname,
  });
  return 200;
}

/** `GET /common/discovery/instance?api-version=1.1&authorization_endpoint=…`: this host is its own only alias. */
export function handleInstanceDiscovery(state: EmulatorState, ctx: RequestContext): number {
  const endpoint = ctx.url.searchParams.get('authorization_endpoint');
  if (!endpoint) {
    const err = tokenErrors.missingParameter('authorization_endpoint');
    sendJson(ctx, err.status, tokenErrorBody(err, new Date(state.clock.now()), ctx.origin));
    return err.status;
  }
  const host = new URL(ctx.origin).host;
  const tenant = /^https?:\/\/[^/]+\/([^/]+)\//.exec(endpoint)?.[1] ?? 'common';
  sendJson(ctx, 200, {
    tenant_discovery_endpoint: `${ctx.origin}/${tenant}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
  return 200;
}
