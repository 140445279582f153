import { EmulatorState } from '../state';
import { RequestContext, headerValue, readBody, sendJson } from '../http';
import { findTenant, isWellFormedTenant, Tenant } from '../tenants';
import { AudienceClass, classifyResource } from './accessToken';
import { TokenError, tokenErrorBody, tokenErrors } from './tokenErrors';
import { AppRegistration } from '../config';
import { checkClientAssertion, JWT_BEARER } from './clientAssertion';

const OIDC_SCOPES = new Set(['openid', 'offline_access', 'profile']);

/**
 * `POST /{tenant}/oauth2/v2.0/token` (scope) and `POST /{tenant}/oauth2/token` (resource),
 * client-credentials grant only, with Entra ID's own error bodies.
 */
export async function handleTokenRequest(
  state: EmulatorState,
  ctx: RequestContext,
  tenantSegment: string,
  version: 'v1' | 'v2'
): Promise<number> {
  const fail = (err: TokenError) => {
    sendJson(ctx, err.status, tokenErrorBody(err, new Date(state.clock.now()), ctx.origin));
    return err.status;
  };
  if (ctx.req.method !== 'POST') {
    return fail(tokenErrors.onlyPost());
  }
  const form = new URLSearchParams(await readBody(ctx.req));
  const client = admitClient(state, ctx, { form, tenantId: decodeURIComponent(tenantSegment), version });
  if ('status' in client) {
    return fail(client);
  }
  const audience = requestedAudience(form, version, state.selfOrigins(ctx.origin), client.tenantId);
  if ('status' in audience) {
    return fail(audience);
  }
  sendToken(state, ctx, { ...client, ...audience, version });
  return 200;
}

interface AdmittedClient {
  tenant: Tenant;
  tenantId: string;
  app: AppRegistration;
}

/** The tenant, grant and client of a token request, and the client's credential checked. */
function admitClient(
  state: EmulatorState,
  ctx: RequestContext,
  { form, tenantId, version }: { form: URLSearchParams; tenantId: string; version: 'v1' | 'v2' }
): AdmittedClient | TokenError {
  if (!isWellFormedTenant(tenantId)) {
    return tokenErrors.malformedTenant(tenantId);
  }
  const tenant = findTenant(state.tenants, tenantId);
  if (!tenant) {
    return tokenErrors.unknownTenant(tenantId);
  }
  const grantType = form.get('grant_type');
  if (!grantType) {
    return tokenErrors.missingParameter('grant_type');
  }
  if (grantType !== 'client_credentials') {
    return tokenErrors.unsupportedGrantType(grantType);
  }
  const basic = basicCredentials(headerValue(ctx.req, 'authorization'));
  const clientId = form.get('client_id') ?? basic?.clientId;
  if (!clientId) {
    return tokenErrors.missingParameter('client_id');
  }
  const app = tenant.config.apps.find((a) => a.clientId.toLowerCase() === clientId.toLowerCase());
  if (!app) {
    return tokenErrors.unknownClient(clientId, tenantId);
  }
  const refused = checkCredential(form, basic?.secret, app, tokenEndpointsOf(ctx.origin, tenant, tenantId, version));
  return refused ?? { tenant, tenantId, app };
}
interface Audience {
  resource: string;
  audClass: AudienceClass;
}

/** The resource a token is asked for: v2's single `<resource>/.default` scope, or v1's `resource`. */
function requestedAudience(
  form: URLSearchParams,
  version: 'v1' | 'v2',
  selfOrigins: ReturnType<EmulatorState['selfOrigins']>,
  tenantId: string
): Audience | TokenError {
  let resource: string;
  if (version === 'v2') {
    const scope = form.get('scope');
    if (!scope) {
      return tokenErrors.missingParameter('scope');
    }
    // MSAL adds the OpenID Connect scopes to every request; Entra ID accepts them beside /.default.
    const single = scope
      .trim()
      .split(/\s+/)
      .filter((s) => !OIDC_SCOPES.has(s));
    if (single.length !== 1 || !single[0].endsWith('/.default')) {
      return tokenErrors.invalidScope(scope);
    }
    resource = single[0].slice(0, -'/.default'.length);
  } else {
    const requested = form.get('resource');
    if (!requested) {
      return tokenErrors.missingParameter('resource');
    }
    resource = requested;
  }
  const audClass = classifyResource(resource, selfOrigins);
  return audClass ? { resource, audClass } : tokenErrors.unknownResource(resource, tenantId);
}

/** Signs the access token and answers in the endpoint version's own shape. */
function sendToken(
  state: EmulatorState,
  ctx: RequestContext,
  grant: AdmittedClient & Audience & { version: 'v1' | 'v2' }
): void {
  const { tenant, app, resource, audClass, version } = grant;
  const nowSeconds = Math.floor(state.clock.now() / 1000);
  const lifetime = state.options.tokenLifetimeSeconds;
  const accessToken = state.signer.sign({
    aud: resource.replace(/\/+$/, ''),
    audClass,
    tid: tenant.config.id,
    appid: app.clientId,
    roles: app.permissions,
    iat: nowSeconds,
    nbf: nowSeconds,
    exp: nowSeconds + lifetime,
    ver: version === 'v2' ? '2.0' : '1.0',
  });
  // Lifetimes are reported in real seconds so a client's own clock expires the token in step.
  const expiresIn = Math.max(1, Math.floor(state.clock.toReal(lifetime * 1000) / 1000));
  if (version === 'v2') {
    sendJson(ctx, 200, {
      token_type: 'Bearer',
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: accessToken,
    });
    return;
  }
  const realNow = Math.floor(Date.now() / 1000);
  sendJson(ctx, 200, {
    token_type: 'Bearer',
    expires_in: String(expiresIn),
    ext_expires_in: String(expiresIn),
    expires_on: String(realNow + expiresIn),
    not_before: String(realNow),
    resource,
    access_token: accessToken,
  });
}

function basicCredentials(header: string | undefined): { clientId: string; secret: string } | undefined {
  if (!header?.startsWith('Basic ')) {
    return undefined;
  }
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) {
    return undefined;
  }
  return {
    clientId: decodeURIComponent(decoded.slice(0, colon)),
    secret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}

/** A client secret (form or HTTP Basic) or a certificate client assertion; undefined when it holds. */
function checkCredential(
  form: URLSearchParams,
  basicSecret: string | undefined,
  app: AppRegistration,
  audiences: string[]
): TokenError | undefined {
  const assertion = form.get('client_assertion');
  if (assertion !== null) {
    if (form.get('client_assertion_type') !== JWT_BEARER) {
      return tokenErrors.missingParameter('client_assertion_type');
    }
    return checkClientAssertion(assertion, app, audiences, Math.floor(Date.now() / 1000));
  }
  const secret = form.get('client_secret') ?? basicSecret;
  if (!secret) {
    return tokenErrors.missingSecret();
  }
  const match = app.secrets.find((s) => s.value === secret);
  if (!match) {
    return tokenErrors.wrongSecret(app.clientId);
  }
  return match.expired ? tokenErrors.expiredSecret(app.clientId) : undefined;
}

/** The token endpoint as a client may have addressed it: by tenant GUID or by the name it used. */
function tokenEndpointsOf(origin: string, tenant: Tenant, requested: string, version: 'v1' | 'v2'): string[] {
  const path = version === 'v2' ? 'oauth2/v2.0/token' : 'oauth2/token';
  return [tenant.config.id, requested].map((t) => `${origin}/${t}/${path}`);
}
