import { headerValue, RequestContext } from './http';
import { EmulatorState } from './state';
import { findTenant, Tenant } from './tenants';
import { AudienceClass, TokenClaims } from './tokens/accessToken';

export type AuthFailure = 'missing' | 'malformed' | 'expired' | 'audience' | 'tenant';

export type AuthResult = { ok: true; claims: TokenClaims; tenant: Tenant } | { ok: false; failure: AuthFailure };

/** Checks the bearer token: issued here, not expired in emulated time, and for this API's audience. */
export function authenticate(
  state: EmulatorState,
  ctx: RequestContext,
  api: Exclude<AudienceClass, 'self'>
): AuthResult {
  const header = headerValue(ctx.req, 'authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    return { ok: false, failure: 'missing' };
  }
  const claims = state.signer.verify(match[1]);
  if (!claims) {
    return { ok: false, failure: 'malformed' };
  }
  if (claims.exp * 1000 <= state.clock.now()) {
    return { ok: false, failure: 'expired' };
  }
  if (claims.audClass !== api && claims.audClass !== 'self') {
    return { ok: false, failure: 'audience' };
  }
  const tenant = findTenant(state.tenants, claims.tid);
  if (!tenant) {
    return { ok: false, failure: 'tenant' };
  }
  return { ok: true, claims, tenant };
}
