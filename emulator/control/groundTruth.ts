import { legacyCategoryOf } from '../../src/core/catalogue/activities';
import { SyntheticEvent, TargetResource } from '../data/types';
import { FilterOperator } from '../odata/ast';
import { compileFilter } from '../odata/compile';
import { FilterDialect, PropertySpec } from '../odata/dialect';
import { compareInstants, Instant, parseInstant } from '../odata/instant';
import { graphDialect } from '../graph/graphDialect';
import { EmulatorState } from '../state';
import { findTenant, retentionFloor } from '../tenants';

export const GROUND_TRUTH_FIELDS = {
  activityDisplayName: (e: SyntheticEvent) => e.activity.activityDisplayName,
  category: (e: SyntheticEvent) => e.activity.category,
  loggedByService: (e: SyntheticEvent) => e.activity.loggedByService,
  result: (e: SyntheticEvent) => e.result,
  operationType: (e: SyntheticEvent) => e.activity.operationType,
  /** As a person would name the initiator: the user's UPN, else the app's name. */
  initiatedBy: (e: SyntheticEvent) => e.initiatorUser?.userPrincipalName ?? e.initiatorApp?.displayName ?? '',
  /** The first target's type (Graph) — the legacy API's activityType. */
  targetType: (e: SyntheticEvent) => e.targets[0]?.type ?? '',
  activityType: (e: SyntheticEvent) => e.targets[0]?.type ?? '',
  legacyCategory: (e: SyntheticEvent) => legacyCategoryOf(e.activity.loggedByService),
  // The plugin's GroupBy names (src/core/model/query.ts), so integration tests can pass theirs as is.
  activity: (e: SyntheticEvent) => e.activity.activityDisplayName,
  service: (e: SyntheticEvent) => e.activity.loggedByService,
} as const;

export type GroundTruthField = keyof typeof GROUND_TRUTH_FIELDS;

export interface GroundTruthQuery {
  /** Tenant GUID or domain; the demo tenant by default. */
  tenant?: string;
  /** Inclusive edges, ISO or epoch ms; default: the whole retention window up to now. */
  from?: string | number;
  to?: string | number;
  /** OData `$filter` over Graph's names; unlike Graph, any field and `or`/`not` are allowed. */
  filter?: string;
  groupBy?: GroundTruthField;
}

export interface GroundTruth {
  total: number;
  groups: Record<string, number>;
  from: string;
  to: string;
  /** The emulated instant the counts are true at (events visible then, ingestion delay respected). */
  asOf: string;
}

const ALL: FilterOperator[] = ['eq', 'ne', 'ge', 'le', 'gt', 'lt', 'startswith', 'contains', 'endswith'];

/** Graph's filter names with every operator, plus the fields Graph cannot filter on server-side. */
export function inspectionDialect(): FilterDialect<SyntheticEvent> {
  const graph = graphDialect(true);
  const widen = <T>(spec: PropertySpec<T>): PropertySpec<T> => ({ ...spec, operators: ALL });
  const properties: Record<string, PropertySpec<SyntheticEvent>> = {};
  for (const [name, spec] of Object.entries(graph.properties)) {
    properties[name] = widen(spec);
  }
  for (const [name, get] of Object.entries(GROUND_TRUTH_FIELDS)) {
    properties[name] ??= { kind: 'string', operators: ALL, get };
  }
  const targets = graph.collections.targetResources;
  return {
    ...graph,
    allowNot: true,
    properties,
    collections: {
      targetResources: {
        items: targets.items,
        properties: {
          id: widen(targets.properties.id),
          displayName: widen(targets.properties.displayName),
          type: { kind: 'string', operators: ALL, get: (t) => (t as TargetResource).type },
          userPrincipalName: { kind: 'string', operators: ALL, get: (t) => (t as TargetResource).userPrincipalName },
        },
      },
    },
  };
}

/** Counts the events an API client can see right now, both edges inclusive, grouped by one field. */
export function groundTruth(state: EmulatorState, query: GroundTruthQuery): GroundTruth {
  const tenant = findTenant(state.tenants, query.tenant ?? state.tenants[0].config.id);
  if (!tenant) {
    throw new Error(`Unknown tenant '${query.tenant}'.`);
  }
  if (query.groupBy && !(query.groupBy in GROUND_TRUTH_FIELDS)) {
    throw new Error(`Unknown groupBy '${query.groupBy}'. Use one of: ${Object.keys(GROUND_TRUTH_FIELDS).join(', ')}.`);
  }
  const now = state.clock.now();
  const floor = retentionFloor(tenant, now);
  const from = toInstant(query.from, 'from') ?? { ms: floor, ticks: 0 };
  const to = toInstant(query.to, 'to') ?? { ms: now, ticks: 0 };
  const filter = compileFilter(query.filter, inspectionDialect());
  const key = query.groupBy ? GROUND_TRUTH_FIELDS[query.groupBy] : undefined;
  const groups: Record<string, number> = {};
  let total = 0;
  if (compareInstants(from, to) <= 0) {
    tenant.store.scan({
      now,
      earliest: floor,
      range: { lower: { at: from, inclusive: true }, upper: { at: to, inclusive: true } },
      order: 'asc',
      visit: (event) => {
        if (filter.matches(event)) {
          total++;
          if (key) {
            const name = key(event);
            groups[name] = (groups[name] ?? 0) + 1;
          }
        }
        return true;
      },
    });
  }
  return {
    total,
    groups,
    from: new Date(from.ms).toISOString(),
    to: new Date(to.ms).toISOString(),
    asOf: new Date(now).toISOString(),
  };
}

function toInstant(value: string | number | undefined, name: string): Instant | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (typeof value === 'number' || /^\d+$/.test(value)) {
    return { ms: Number(value), ticks: 0 };
  }
  const instant = parseInstant(value);
  if (!instant) {
    throw new Error(
      `'${name}' must be an ISO 8601 instant (e.g. 2026-11-20T12:00:00Z) or epoch milliseconds, got '${value}'.`
    );
  }
  return instant;
}
