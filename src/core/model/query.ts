/**
 * The stored query model: what a panel, an Explore tab, an annotation or an alert rule saves.
 * This file is its one TypeScript definition; pkg/models/query.go is the Go one, and the
 * conformance vectors in conformance/vectors hold the two together.
 */
import { CHANGED_VALUE_NAMES, ChangedValues } from './event';

/** What the query returns. */
export type QueryFormat = 'timeSeries' | 'events' | 'summary' | 'logs' | 'alertNumbers';

export const QUERY_FORMATS: readonly QueryFormat[] = ['timeSeries', 'events', 'summary', 'logs', 'alertNumbers'];

/** What events are grouped by (series labels, summary rows, alert instances). */
export type GroupBy =
  | 'activity'
  | 'category'
  | 'service'
  | 'result'
  | 'operationType'
  | 'initiatedBy'
  | 'targetType'
  /** Legacy Azure AD Graph only: the entity type the activity acted on (User, Group, ...). */
  | 'activityType'
  /** The first target's display name, else its UPN: "on what". */
  | 'targetName'
  /** Changed values (issue 17, model/event.ts ChangedValues): what an alert's labels name. */
  | keyof ChangedValues;

/** Every group-by, in the editor's order. */
export const GROUP_BYS: readonly GroupBy[] = [
  'activity',
  'category',
  'service',
  'result',
  'operationType',
  'initiatedBy',
  'targetName',
  'targetType',
  'activityType',
  ...CHANGED_VALUE_NAMES,
];

/** A field the user can filter on, named as in the Entra admin center rather than as in one API. */
export type FilterField =
  | 'activity'
  | 'service'
  | 'category'
  | 'result'
  | 'operationType'
  | 'activityType'
  /** The initiator as a person names it (user UPN, else app name): what the Initiators variable lists. */
  | 'initiatedBy'
  | 'initiatorUpn'
  | 'initiatorUserId'
  | 'initiatorUserName'
  | 'initiatorAppId'
  | 'initiatorAppName'
  | 'targetId'
  | 'targetName'
  | 'targetType'
  | 'correlationId'
  | 'id'
  /** Investigation ids (issue 17): plugin-side. */
  | 'initiatorServicePrincipalId'
  | 'ipAddress'
  | 'userAgent'
  /** Changed values (issue 17, AuditEvent.changes, model/event.ts ChangedValues): plugin-side. */
  | keyof ChangedValues;

/** Every filter field, in the editor's order. */
export const FILTER_FIELDS: readonly FilterField[] = [
  'activity',
  'service',
  'category',
  'result',
  'operationType',
  'activityType',
  'initiatedBy',
  'initiatorUpn',
  'initiatorUserId',
  'initiatorUserName',
  'initiatorAppId',
  'initiatorAppName',
  'targetId',
  'targetName',
  'targetType',
  'correlationId',
  'id',
  'initiatorServicePrincipalId',
  'ipAddress',
  'userAgent',
  ...CHANGED_VALUE_NAMES,
];

/**
 * is, is not, starts with, contains, does not contain. The negative operators are the exact
 * negation of their positive twin: "is not a, b" keeps an event none of whose values is a or b.
 */
export type FilterOperator = 'eq' | 'ne' | 'startsWith' | 'contains' | 'notContains';

/** Every operator, in the editor's order. */
export const FILTER_OPERATORS: readonly FilterOperator[] = ['eq', 'ne', 'startsWith', 'contains', 'notContains'];

/**
 * One filter row: the event matches when `field` matches ANY of `values`.
 * Rows are ANDed. A value may be a template variable (`$activity`) until the adapter interpolates it;
 * a multi-value variable becomes several values.
 */
export interface FilterCondition {
  field: FilterField;
  operator: FilterOperator;
  values: string[];
}

/** Stands for Grafana's "All" option of a variable: the row then filters nothing. */
export const ALL_VALUES = '$__all';

export interface AuditQuery {
  refId: string;
  hide?: boolean;
  format: QueryFormat;
  groupBy: GroupBy;
  /** A second grouping (e.g. activity, then initiatedBy): series and alert labels carry both. */
  secondGroupBy?: GroupBy;
  filters: FilterCondition[];
  /** An expert's own OData clause, ANDed in parentheses so it can only narrow the range. */
  rawFilter?: string;
  /** Bucket width for time series, e.g. `5m`, `1h`; `auto` (or empty) follows the panel's interval. */
  bucket?: string;
  /** Keep the N biggest groups and sum the rest as "other"; 0 or absent keeps every group. */
  topN?: number;
  /**
   * Groups the user cares about by name. Time series and alert numbers report each of them,
   * with explicit zeros when it had no events, so alert rules never see NoData for a named group.
   */
  groups?: string[];
}

export const GROUP_OTHER = 'other';

export const DEFAULT_QUERY: Omit<AuditQuery, 'refId'> = {
  format: 'timeSeries',
  groupBy: 'activity',
  filters: [],
  bucket: 'auto',
};

/**
 * Fills what an older or partial stored query lacks, without touching what it has. Null and empty
 * text read as absent, as in Go (pkg/models WithDefaults); a filter row without values filters nothing.
 */
export function withQueryDefaults<Q extends Partial<AuditQuery> & { refId: string }>(query: Q): AuditQuery & Q {
  const filters: unknown = query.filters ?? [];
  return {
    ...DEFAULT_QUERY,
    ...query,
    format: orDefault(query.format, DEFAULT_QUERY.format),
    groupBy: orDefault(query.groupBy, DEFAULT_QUERY.groupBy),
    bucket: orDefault(query.bucket, DEFAULT_QUERY.bucket),
    ...(query.groups === null ? { groups: undefined } : {}),
    ...(query.topN === null ? { topN: undefined } : {}),
    ...(query.rawFilter === null ? { rawFilter: undefined } : {}),
    ...(query.secondGroupBy === null || (query.secondGroupBy as unknown) === '' ? { secondGroupBy: undefined } : {}),
    filters: Array.isArray(filters) ? filters.map(withValues) : filters,
  } as AuditQuery & Q;
}

function orDefault<T>(value: T | null | undefined, fallback: T): T {
  return value === undefined || value === null || value === '' ? fallback : value;
}

function withValues(row: unknown): unknown {
  const isRow = row !== null && typeof row === 'object' && !Array.isArray(row);
  return isRow && (row as FilterCondition).values == null ? { ...row, values: [] } : row;
}
