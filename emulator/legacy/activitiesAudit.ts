import { authenticate } from '../auth';
import { DIRECTORY_READ_ALL } from '../config';
import { Cursor } from '../data/eventStore';
import { SyntheticEvent } from '../data/types';
import { RequestContext } from '../http';
import { FilterSyntaxError } from '../odata/ast';
import { compileFilter } from '../odata/compile';
import { decodePageToken, encodePageToken } from '../paging';
import { answerRefusals, Refusal, Requester } from '../refusal';
import { gateReportRequest, HandledPage, ReportFlavour, sendPage } from '../report';
import { EmulatorState } from '../state';
import { findTenant, retentionFloor, Tenant } from '../tenants';
import { LEGACY_AUTH_ERRORS, LEGACY_STATUS_ERRORS, sendLegacyError } from './legacyErrors';
import { legacyDialect } from './legacyDialect';
import { renderLegacyActivity } from './renderActivity';

const MAX_BATCH = 1000;
const SUPPORTED_OPTIONS = new Set(['$filter', '$top', '$skiptoken']);

/** `GET /{tenant}/activities/audit?api-version=beta`: the retired Azure AD Graph reporting API. */
export async function handleActivitiesAudit(
  state: EmulatorState,
  ctx: RequestContext,
  tenantSegment: string
): Promise<HandledPage> {
  const flavour: ReportFlavour = {
    api: 'legacy',
    sendError: (c, status, code, message, headers) =>
      sendLegacyError(c, state.clock.now(), status, code, message, headers),
    statusError: (status) => LEGACY_STATUS_ERRORS[status],
    throttled: ['Request_ThrottledTemporarily', 'The request has been throttled temporarily.'],
  };
  const who: Requester = {};
  return answerRefusals(ctx, flavour, who, async () => {
    const tenant = authenticateForTenant(state, ctx, tenantSegment);
    Object.assign(who, { tenantId: tenant.tenant.config.id, clientId: tenant.claims.appid });
    const gate = await gateReportRequest(state, ctx, flavour, `legacy|${who.tenantId}|${who.clientId}`);
    if (!gate.proceed) {
      return { status: gate.status, fault: gate.fault, ...who };
    }
    if (!tenant.claims.roles.includes(DIRECTORY_READ_ALL)) {
      throw new Refusal(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    }
    const batch = readBatch(state, ctx, tenant.tenant, tenantSegment);
    return { status: 200, events: batch.events, fault: sendPage(ctx, batch.body, gate.pageFault), ...who };
  });
}

/** Method, api-version, the tenant in the path and the token, checked in the order the legacy API did. */
function authenticateForTenant(state: EmulatorState, ctx: RequestContext, tenantSegment: string) {
  if (ctx.req.method !== 'GET') {
    const message = `The HTTP method '${ctx.req.method}' is not supported on activities/audit.`;
    throw new Refusal(405, 'Request_BadRequest', message);
  }
  const apiVersion = ctx.url.searchParams.get('api-version');
  if (apiVersion === null) {
    throw new Refusal(400, 'Request_BadRequest', 'The api-version query parameter is required. Use api-version=beta.');
  }
  if (apiVersion !== 'beta') {
    const message = 'The specified api-version is invalid. The value must exactly match a supported version.';
    throw new Refusal(400, 'Request_BadRequest', message);
  }
  const pathTenant = findTenant(state.tenants, decodeURIComponent(tenantSegment));
  if (!pathTenant) {
    throw new Refusal(400, 'Request_BadRequest', 'Invalid domain name in the request url.');
  }
  const auth = authenticate(state, ctx, 'aadgraph');
  if (!auth.ok || auth.tenant !== pathTenant) {
    const [code, message] = LEGACY_AUTH_ERRORS[auth.ok ? 'tenant' : auth.failure];
    throw new Refusal(401, code, message);
  }
  return auth;
}

/** The query, from the URL or (on a later page) from the $skiptoken, which holds it whole. */
function readQuery(params: URLSearchParams) {
  for (const key of new Set(params.keys())) {
    if (key.startsWith('$') && !SUPPORTED_OPTIONS.has(key)) {
      const message = `The query option '${key}' is not supported on activities/audit.`;
      throw new Refusal(400, 'Request_UnsupportedQuery', message);
    }
  }
  // The legacy nextLink carries only api-version and $skiptoken: the token holds the query itself.
  let filterText = params.get('$filter') ?? '';
  let topText = params.get('$top') ?? String(MAX_BATCH);
  let cursor: Cursor | undefined;
  const skiptoken = params.get('$skiptoken');
  if (skiptoken !== null) {
    const token = decodePageToken(skiptoken);
    const stored = token ? storedQuery(token.query) : undefined;
    if (!token || !stored || (params.has('$filter') && stored[0] !== filterText)) {
      const message = 'The $skiptoken is invalid for this request. Follow @odata.nextLink unchanged.';
      throw new Refusal(400, 'Request_BadRequest', message);
    }
    [filterText, topText] = stored;
    cursor = token.cursor;
  }
  const top = Number(topText);
  if (!/^\d+$/.test(topText) || top < 1 || top > MAX_BATCH) {
    const message = `The value of $top must be an integer between 1 and ${MAX_BATCH}, got '${topText}'.`;
    throw new Refusal(400, 'Request_BadRequest', message);
  }
  try {
    return { filterText, topText, top, cursor, filter: compileFilter(filterText, legacyDialect()) };
  } catch (error) {
    if (error instanceof FilterSyntaxError) {
      throw new Refusal(
        400,
        error.reason === 'unsupported' ? 'Request_UnsupportedQuery' : 'Request_BadRequest',
        error.message
      );
    }
    throw error;
  }
}

function readBatch(state: EmulatorState, ctx: RequestContext, tenant: Tenant, tenantSegment: string) {
  const { filterText, topText, top, cursor, filter } = readQuery(ctx.url.searchParams);
  const page: SyntheticEvent[] = [];
  tenant.store.scan({
    now: state.clock.now(),
    earliest: retentionFloor(tenant, state.clock.now()),
    range: { lower: filter.lower, upper: filter.upper },
    order: 'desc',
    cursor,
    visit: (event) => {
      if (filter.matches(event)) {
        page.push(event);
      }
      return page.length <= top;
    },
  });
  const batch = page.slice(0, top);
  const body: Record<string, unknown> = {
    '@odata.context': `${ctx.origin}/${tenantSegment}/$metadata#activities/audit`,
    value: batch.map((e) => renderLegacyActivity(e, tenant.config.id)),
  };
  if (page.length > top) {
    const last = batch[batch.length - 1];
    const token = encodePageToken({
      cursor: { ...last.time, index: last.index },
      query: JSON.stringify([filterText, topText]),
    });
    body['@odata.nextLink'] = `${ctx.origin}/${tenantSegment}/activities/audit?api-version=beta&%24skiptoken=${token}`;
  }
  return { events: batch.length, body };
}

function storedQuery(text: string): [string, string] | undefined {
  try {
    const value = JSON.parse(text);
    return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')
      ? [value[0], value[1]]
      : undefined;
  } catch {
    return undefined;
  }
}
