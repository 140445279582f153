import { invalidQuery } from '../errors/queryError';
import { Notice } from '../frames/canonical';
import { ALL_VALUES, AuditQuery, FilterCondition } from '../model/query';
import { ResolvedSettings } from '../model/settings';
import { validateSettings } from '../model/validateSettings';
import { formatDateTime, rawFilterProblem } from './odata';
import { legacyServerClause } from './legacyPushdown';
import { serverForm } from './activitySpellings';
import { describeCondition, serverClause } from './pushdown';
import { validateQuery } from './validateQuery';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Graph documents no maximum page size for directoryAudits; 1,000 is what it serves and signIns documents. */
export const MAX_PAGE_SIZE = 1000;
export const ORDER_BY = 'activityDateTime desc';
/**
 * "Last 30 days" on a 30-day tenant starts a few milliseconds before the retention edge by the
 * time the query runs; that clamp is silent, a real one (over a minute) gets a notice.
 */
export const RETENTION_NOTICE_TOLERANCE_MS = 60_000;

export interface TimeRange {
  from: number;
  to: number;
}

export interface RequestPlan {
  /** The absolute first-page URL on the configured Graph (or legacy Azure AD Graph) host. */
  firstUrl: string;
  /** The one audit endpoint (`auditEndpoint`): the only address a nextLink may point to. */
  endpoint: string;
  /** The range actually asked for, after the retention clamp. */
  range: TimeRange;
  filter: string;
  pageSize: number;
  serverConditions: FilterCondition[];
  /** Applied after fetching; on the legacy API this includes every pushed row (see legacyPushdown.ts). */
  pluginConditions: FilterCondition[];
  notices: Notice[];
  /** The whole range lies before retention: nothing to ask Microsoft. */
  outsideRetention: boolean;
  executedQueryString: string;
}

export function apiVersionPath(settings: ResolvedSettings): string {
  return settings.api === 'msgraph-beta' ? 'beta' : 'v1.0';
}

export function directoryAuditsEndpoint(settings: ResolvedSettings): string {
  return `${settings.graphUrl}/${apiVersionPath(settings)}/auditLogs/directoryAudits`;
}

/**
 * The base every audit path is relative to: the Graph host, or for the legacy API its host plus
 * the tenant (conformance/README.md's canonical request).
 */
export function apiBaseUrl(settings: ResolvedSettings): string {
  return settings.api === 'legacy'
    ? `${settings.legacyGraphUrl}/${encodeURIComponent(settings.tenantId)}`
    : settings.graphUrl;
}

/** The one audit endpoint of the configured flavour: `directoryAudits`, or legacy `<tenant>/activities/audit`. */
export function auditEndpoint(settings: ResolvedSettings): string {
  return settings.api === 'legacy' ? `${apiBaseUrl(settings)}/activities/audit` : directoryAuditsEndpoint(settings);
}

/** The legacy API requires this on every request and only ever served `beta`. */
export const LEGACY_API_VERSION = 'beta';

/**
 * Query + panel range + settings → the first request. Pure: `now` is the injected clock's time,
 * used only for the retention clamp.
 */
export function planRequest(query: AuditQuery, range: TimeRange, settings: ResolvedSettings, now: number): RequestPlan {
  const settingsError = validateSettings(settings);
  if (settingsError) {
    throw settingsError;
  }
  validateQuery(query);
  if (!Number.isFinite(range.from) || !Number.isFinite(range.to) || range.from > range.to) {
    throw invalidQuery('badRange', 'The time range is empty or reversed: its start must not be after its end.');
  }

  const { range: effective, outsideRetention, notices } = clampToRetention(range, settings.retentionDays, now);
  const legacy = settings.api === 'legacy';
  const clauseFor = legacy ? legacyServerClause : serverClause;
  const { serverConditions, pluginConditions } = splitConditions(query.filters ?? [], clauseFor, legacy);
  const timeProperty = legacy ? 'activityDate' : 'activityDateTime';
  const clauses = [
    `${timeProperty} ge ${formatDateTime(effective.from)}`,
    `${timeProperty} le ${formatDateTime(effective.to)}`,
    ...serverConditions.map((condition) => clauseFor(condition)!),
    ...rawClause(query.rawFilter),
  ];
  const filter = clauses.join(' and ');
  const pageSize = Math.min(MAX_PAGE_SIZE, settings.maxEvents);
  const endpoint = auditEndpoint(settings);
  // The legacy API pages at 1,000 by itself, warns that $top is expensive and refuses $orderby;
  // its batches come newest first anyway.
  const apiQuery = legacy
    ? `api-version=${LEGACY_API_VERSION}&$filter=${encodeURIComponent(filter)}`
    : `$filter=${encodeURIComponent(filter)}&$top=${pageSize}&$orderby=${encodeURIComponent(ORDER_BY)}`;
  const firstUrl = `${endpoint}?${apiQuery}`;

  return {
    firstUrl,
    endpoint,
    range: effective,
    filter,
    pageSize,
    serverConditions,
    pluginConditions,
    notices,
    outsideRetention,
    executedQueryString: describePlan(
      legacy
        ? `${endpoint}?api-version=${LEGACY_API_VERSION}&$filter=${filter}`
        : `${endpoint}?$filter=${filter}&$top=${pageSize}&$orderby=${ORDER_BY}`,
      legacy ? serverConditions.length : 0,
      pluginConditions,
      outsideRetention
    ),
  };
}

/** The range Microsoft still holds events for, and the notice when that cut the panel's range. */
function clampToRetention(
  range: TimeRange,
  retentionDays: number,
  now: number
): { range: TimeRange; outsideRetention: boolean; notices: Notice[] } {
  const notices: Notice[] = [];
  const retentionEdge = now - retentionDays * DAY_MS;
  const outsideRetention = range.to < retentionEdge;
  const from = Math.max(range.from, retentionEdge);
  if (outsideRetention) {
    notices.push({
      severity: 'warning',
      text: `The whole time range is older than the tenant's ${retentionDays}-day audit retention, so Microsoft holds no events for it.`,
    });
  } else if (range.from < retentionEdge - RETENTION_NOTICE_TOLERANCE_MS) {
    notices.push({
      severity: 'warning',
      text:
        `The time range starts before the tenant's ${retentionDays}-day audit retention; ` +
        `events are shown from ${formatDateTime(from)}, the oldest Microsoft keeps.`,
    });
  }
  return { range: { from, to: range.to }, outsideRetention, notices };
}

/** The raw `$filter` clause, parenthesised, when there is one; refused unless it is self-contained. */
function rawClause(rawFilter: string | undefined): string[] {
  const raw = (rawFilter ?? '').trim();
  if (!raw) {
    return [];
  }
  const problem = rawFilterProblem(raw);
  if (problem) {
    throw invalidQuery(
      'badRawFilter',
      `The raw $filter clause is not self-contained: ${problem}. Fix the clause in the query editor.`
    );
  }
  return [`(${raw})`];
}

/**
 * Rows with "All" or no values filter nothing; the rest run on the API when it can (an activity as
 * the spelling tenants log, `serverForm`), else in the plugin. `recheckPushed`: the legacy API compares some fields differently (case, apps under
 * `actor/name`), so its pushed rows are applied by the plugin too, which never removes what a
 * case-insensitive match keeps.
 */
function splitConditions(
  filters: FilterCondition[],
  clauseFor: (condition: FilterCondition) => string | undefined,
  recheckPushed: boolean
) {
  const serverConditions: FilterCondition[] = [];
  const pluginConditions: FilterCondition[] = [];
  for (const condition of filters) {
    if (condition.values.length === 0 || condition.values.includes(ALL_VALUES)) {
      continue;
    }
    const asked = serverForm(condition);
    const pushed = asked.condition !== undefined && clauseFor(asked.condition) !== undefined;
    if (pushed) {
      serverConditions.push(asked.condition!);
    }
    if (!pushed || asked.recheck || recheckPushed) {
      pluginConditions.push(condition);
    }
  }
  return { serverConditions, pluginConditions };
}

function describePlan(request: string, recheckedCount: number, pluginConditions: FilterCondition[], outside: boolean) {
  if (outside) {
    return 'No request: the time range is older than the tenant keeps audit events.';
  }
  const lines = [`GET ${request}`];
  if (pluginConditions.length > 0) {
    const what = recheckedCount > 0 ? 'Filtered (or checked again) by the plugin' : 'Filtered by the plugin';
    lines.push(`${what} after fetching: ${pluginConditions.map(describeCondition).join(' and ')}`);
  }
  lines.push('Every @odata.nextLink page is followed.');
  return lines.join('\n');
}
