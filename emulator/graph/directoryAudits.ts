import { authenticate } from '../auth';
import { AUDIT_LOG_READ_ALL, DIRECTORY_READ_ALL } from '../config';
import { Cursor, Order } from '../data/eventStore';
import { SyntheticEvent } from '../data/types';
import { RequestContext } from '../http';
import { FilterSyntaxError } from '../odata/ast';
import { compileFilter, CompiledFilter } from '../odata/compile';
import { decodePageToken, encodePageToken, fingerprint } from '../paging';
import { answerRefusals, Refusal, Requester } from '../refusal';
import { gateReportRequest, HandledPage, ReportFlavour, sendPage } from '../report';
import { EmulatorState } from '../state';
import { retentionFloor, Tenant } from '../tenants';
import { graphDialect } from './graphDialect';
import { AUTH_MESSAGES, GRAPH_STATUS_ERRORS, sendGraphError } from './graphErrors';
import { DIRECTORY_AUDIT_PROPERTIES, renderDirectoryAudit, selectProperties } from './renderDirectoryAudit';

export const MAX_PAGE_SIZE = 1000;
const SUPPORTED_OPTIONS = new Set(['$filter', '$top', '$orderby', '$skiptoken', '$select']);

/** `GET /{v1.0|beta}/auditLogs/directoryAudits[/{id}]`. */
export async function handleDirectoryAudits(
  state: EmulatorState,
  ctx: RequestContext,
  version: 'v1.0' | 'beta',
  singleId: string | undefined
): Promise<HandledPage> {
  const flavour: ReportFlavour = {
    api: 'graph',
    sendError: (c, status, code, message, headers) =>
      sendGraphError(c, state.clock.now(), status, code, message, headers),
    statusError: (status) => GRAPH_STATUS_ERRORS[status],
    throttled: ['TooManyRequests', 'Please retry again later.'],
  };
  const who: Requester = {};
  return answerRefusals(ctx, flavour, who, async () => {
    if (ctx.req.method !== 'GET') {
      const message = `The HTTP method '${ctx.req.method}' is not allowed on this resource.`;
      throw new Refusal(405, 'Request_BadRequest', message);
    }
    const auth = authenticate(state, ctx, 'msgraph');
    if (!auth.ok) {
      throw new Refusal(401, 'InvalidAuthenticationToken', AUTH_MESSAGES[auth.failure]);
    }
    Object.assign(who, { tenantId: auth.tenant.config.id, clientId: auth.claims.appid });
    const gate = await gateReportRequest(state, ctx, flavour, `graph|${who.tenantId}|${who.clientId}`);
    if (!gate.proceed) {
      return { status: gate.status, fault: gate.fault, ...who };
    }
    for (const permission of [AUDIT_LOG_READ_ALL, DIRECTORY_READ_ALL]) {
      if (!auth.claims.roles.includes(permission)) {
        const message = `Calling principal does not have required MSGraph permissions ${permission}`;
        throw new Refusal(403, 'Authentication_MSGraphPermissionMissing', message);
      }
    }
    const request = readRequest(state, ctx.url.searchParams, version, auth.tenant);
    const answer = singleId === undefined ? eventPage(state, ctx, request) : singleEvent(state, ctx, request, singleId);
    return { status: 200, events: answer.events, fault: sendPage(ctx, answer.body, gate.pageFault), ...who };
  });
}

/** One request's query, checked: options, retention and the page token it continues from. */
interface GraphRequest {
  tenant: Tenant;
  version: 'v1.0' | 'beta';
  params: URLSearchParams;
  query: GraphQuery;
  floor: number;
  fingerprint: string;
  cursor?: Cursor;
}

function readRequest(state: EmulatorState, params: URLSearchParams, version: 'v1.0' | 'beta', tenant: Tenant) {
  for (const key of new Set(params.keys())) {
    if (key.startsWith('$') && !SUPPORTED_OPTIONS.has(key)) {
      const message = `Query option '${key}' is not supported on auditLogs/directoryAudits.`;
      throw new Refusal(400, 'Request_UnsupportedQuery', message);
    }
    if (key.startsWith('$') && params.getAll(key).length > 1) {
      const message = `Query option '${key}' was specified more than once, but it must be specified at most once.`;
      throw new Refusal(400, 'BadRequest', message);
    }
  }
  const query = parseOptions(params, state.options.allowOr);
  if ('error' in query) {
    throw new Refusal(400, query.code ?? 'BadRequest', query.error);
  }
  const floor = retentionFloor(tenant, state.clock.now());
  if (query.filter.timeLiterals.some((t) => t.ms < floor)) {
    const message = `Specified argument was out of the range of valid values. (Parameter 'Minimum allowed time for activityDateTime is ${usDate(floor)}')`;
    throw new Refusal(400, 'BadRequest', message);
  }
  const filterText = params.get('$filter') ?? '';
  const queryFingerprint = fingerprint(
    version,
    filterText,
    query.order,
    String(query.top),
    params.get('$select') ?? ''
  );
  const request: GraphRequest = { tenant, version, params, query, floor, fingerprint: queryFingerprint };
  const skiptoken = params.get('$skiptoken');
  if (skiptoken !== null) {
    const token = decodePageToken(skiptoken);
    if (!token || token.query !== queryFingerprint) {
      const message = 'The $skiptoken is not valid for this request. Send the @odata.nextLink URL unchanged.';
      throw new Refusal(400, 'BadRequest', message);
    }
    request.cursor = token.cursor;
  }
  return request;
}

function tenantInfo(tenant: Tenant) {
  return { id: tenant.config.id, name: tenant.config.domains[0] };
}

function singleEvent(state: EmulatorState, ctx: RequestContext, request: GraphRequest, id: string) {
  const found = findById(state, request.tenant, id, request.floor);
  if (!found) {
    const message = `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`;
    throw new Refusal(404, 'Request_ResourceNotFound', message);
  }
  const body = {
    '@odata.context': `${ctx.origin}/${request.version}/$metadata#auditLogs/directoryAudits/$entity`,
    ...renderDirectoryAudit(found, request.version, tenantInfo(request.tenant)),
  };
  return { events: 1, body };
}

function eventPage(
  state: EmulatorState,
  ctx: RequestContext,
  { tenant, version, params, query, floor, fingerprint, cursor }: GraphRequest
) {
  const page: SyntheticEvent[] = [];
  tenant.store.scan({
    now: state.clock.now(),
    earliest: floor,
    range: { lower: query.filter.lower, upper: query.filter.upper },
    order: query.order,
    cursor,
    visit: (event) => {
      if (query.filter.matches(event)) {
        page.push(event);
      }
      return page.length <= query.top;
    },
  });
  const value = page.slice(0, query.top);
  const body: Record<string, unknown> = {
    '@odata.context': `${ctx.origin}/${version}/$metadata#auditLogs/directoryAudits`,
    value: value.map((e) => selectProperties(renderDirectoryAudit(e, version, tenantInfo(tenant)), query.select)),
  };
  if (page.length > query.top) {
    const last = value[value.length - 1];
    const token = encodePageToken({ cursor: { ...last.time, index: last.index }, query: fingerprint });
    body['@odata.nextLink'] = nextLink(ctx, params, token);
  }
  return { events: value.length, body };
}

interface GraphQuery {
  filter: CompiledFilter<SyntheticEvent>;
  top: number;
  order: Order;
  select?: string[];
}

function parseOptions(params: URLSearchParams, allowOr: boolean): GraphQuery | { error: string; code?: string } {
  let filter: CompiledFilter<SyntheticEvent>;
  try {
    filter = compileFilter(params.get('$filter') ?? undefined, graphDialect(allowOr));
  } catch (error) {
    if (error instanceof FilterSyntaxError) {
      return { error: error.message, code: error.reason === 'unsupported' ? 'Request_UnsupportedQuery' : 'BadRequest' };
    }
    throw error;
  }
  const topText = params.get('$top');
  const top = topText === null ? MAX_PAGE_SIZE : Number(topText);
  if (!Number.isInteger(top) || top < 1 || top > MAX_PAGE_SIZE || !/^\d+$/.test(topText ?? '1')) {
    return { error: `Invalid page size specified: '${topText}'. Must be an integer between 1 and ${MAX_PAGE_SIZE}.` };
  }
  const orderText = (params.get('$orderby') ?? 'activityDateTime desc').trim();
  const orderMatch = /^activityDateTime(?:\s+(asc|desc))?$/.exec(orderText);
  if (!orderMatch) {
    return {
      error: `Ordering by '${orderText}' is not supported. Only activityDateTime (asc or desc) can be ordered.`,
      code: 'Request_UnsupportedQuery',
    };
  }
  const selectText = params.get('$select');
  let select: string[] | undefined;
  if (selectText !== null) {
    select = selectText.split(',').map((s) => s.trim());
    const unknown = select.find((s) => !DIRECTORY_AUDIT_PROPERTIES.includes(s));
    if (unknown !== undefined) {
      return { error: `Could not find a property named '${unknown}' on type 'microsoft.graph.directoryAudit'.` };
    }
  }
  return { filter, top, order: (orderMatch[1] as Order | undefined) ?? 'asc', select };
}

/** The whole original URL with every query option, plus the new `$skiptoken`. */
function nextLink(ctx: RequestContext, params: URLSearchParams, token: string): string {
  const parts: string[] = [];
  for (const [key, value] of params) {
    if (key !== '$skiptoken') {
      parts.push(`${key}=${encodeURIComponent(value)}`);
    }
  }
  parts.push(`$skiptoken=${token}`);
  return `${ctx.origin}${ctx.url.pathname}?${parts.join('&')}`;
}

function findById(state: EmulatorState, tenant: Tenant, id: string, floor: number): SyntheticEvent | undefined {
  const event = tenant.store.findById(id);
  return event && event.visibleAt <= state.clock.now() && event.time.ms >= floor ? event : undefined;
}

/** .NET's invariant "M/d/yyyy h:mm:ss tt", as in Microsoft's retention error. */
function usDate(ms: number): string {
  const d = new Date(ms);
  const hours = d.getUTCHours() % 12 || 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${hours}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}
