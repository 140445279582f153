import { authenticate } from '../auth';
import { DIRECTORY_READ_ALL } from '../config';
import { SyntheticEvent } from '../data/types';
import { HandledPage } from '../graph/directoryAudits';
import { RequestContext } from '../http';
import { FilterSyntaxError } from '../odata/ast';
import { compileFilter, CompiledFilter } from '../odata/compile';
import { decodePageToken, encodePageToken } from '../paging';
import { gateReportRequest, ReportFlavour, sendPage } from '../report';
import { EmulatorState } from '../state';
import { findTenant, retentionFloor } from '../tenants';
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
  const now = () => state.clock.now();
  const flavour: ReportFlavour = {
    api: 'legacy',
    sendError: (c, status, code, message, headers) => sendLegacyError(c, now(), status, code, message, headers),
    statusError: (status) => LEGACY_STATUS_ERRORS[status],
    throttled: ['Request_ThrottledTemporarily', 'The request has been throttled temporarily.'],
  };
  const fail = (status: number, code: string, message: string) => ({
    status: flavour.sendError(ctx, status, code, message),
  });

  if (ctx.req.method !== 'GET') {
    return fail(405, 'Request_BadRequest', `The HTTP method '${ctx.req.method}' is not supported on activities/audit.`);
  }
  const params = ctx.url.searchParams;
  const apiVersion = params.get('api-version');
  if (apiVersion === null) {
    return fail(400, 'Request_BadRequest', 'The api-version query parameter is required. Use api-version=beta.');
  }
  if (apiVersion !== 'beta') {
    return fail(
      400,
      'Request_BadRequest',
      'The specified api-version is invalid. The value must exactly match a supported version.'
    );
  }
  const pathTenant = findTenant(state.tenants, decodeURIComponent(tenantSegment));
  if (!pathTenant) {
    return fail(400, 'Request_BadRequest', 'Invalid domain name in the request url.');
  }
  const auth = authenticate(state, ctx, 'aadgraph');
  if (!auth.ok) {
    const [code, message] = LEGACY_AUTH_ERRORS[auth.failure];
    return fail(401, code, message);
  }
  if (auth.tenant !== pathTenant) {
    const [code, message] = LEGACY_AUTH_ERRORS.tenant;
    return fail(401, code, message);
  }
  const who = { tenantId: auth.tenant.config.id, clientId: auth.claims.appid };
  const gate = await gateReportRequest(state, ctx, flavour, `legacy|${who.tenantId}|${who.clientId}`);
  if (!gate.proceed) {
    return { status: gate.status, fault: gate.fault, ...who };
  }
  if (!auth.claims.roles.includes(DIRECTORY_READ_ALL)) {
    return {
      ...fail(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
      ...who,
    };
  }
  for (const key of new Set(params.keys())) {
    if (key.startsWith('$') && !SUPPORTED_OPTIONS.has(key)) {
      return {
        ...fail(400, 'Request_UnsupportedQuery', `The query option '${key}' is not supported on activities/audit.`),
        ...who,
      };
    }
  }

  // The legacy nextLink carries only api-version and $skiptoken: the token holds the query itself.
  let filterText = params.get('$filter') ?? '';
  let topText = params.get('$top') ?? String(MAX_BATCH);
  let cursor;
  const skiptoken = params.get('$skiptoken');
  if (skiptoken !== null) {
    const token = decodePageToken(skiptoken);
    const stored = token ? storedQuery(token.query) : undefined;
    if (!token || !stored || (params.has('$filter') && stored[0] !== filterText)) {
      return {
        ...fail(
          400,
          'Request_BadRequest',
          'The $skiptoken is invalid for this request. Follow @odata.nextLink unchanged.'
        ),
        ...who,
      };
    }
    [filterText, topText] = stored;
    cursor = token.cursor;
  }
  const top = Number(topText);
  if (!/^\d+$/.test(topText) || top < 1 || top > MAX_BATCH) {
    return {
      ...fail(
        400,
        'Request_BadRequest',
        `The value of $top must be an integer between 1 and ${MAX_BATCH}, got '${topText}'.`
      ),
      ...who,
    };
  }
  let filter: CompiledFilter<SyntheticEvent>;
  try {
    filter = compileFilter(filterText, legacyDialect());
  } catch (error) {
    if (error instanceof FilterSyntaxError) {
      return {
        ...fail(400, error.reason === 'unsupported' ? 'Request_UnsupportedQuery' : 'Request_BadRequest', error.message),
        ...who,
      };
    }
    throw error;
  }

  const page: SyntheticEvent[] = [];
  auth.tenant.store.scan({
    now: now(),
    earliest: retentionFloor(auth.tenant, now()),
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
    value: batch.map((e) => renderLegacyActivity(e, auth.tenant.config.id)),
  };
  if (page.length > top) {
    const last = batch[batch.length - 1];
    const token = encodePageToken({
      cursor: { ...last.time, index: last.index },
      query: JSON.stringify([filterText, topText]),
    });
    body['@odata.nextLink'] = `${ctx.origin}/${tenantSegment}/activities/audit?api-version=beta&%24skiptoken=${token}`;
  }
  return { status: 200, events: batch.length, fault: sendPage(ctx, body, gate.pageFault), ...who };
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
