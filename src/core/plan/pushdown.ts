import { FilterCondition, FilterField, FilterOperator } from '../model/query';
import { quoteLiteral } from './odata';

/**
 * What Microsoft Graph can filter directoryAudits on (reference §1.3). Anything absent here
 * (category, result, operationType, target type, activityType) runs in the plugin, and so do
 * "is not", "contains" and "does not contain" on every field: Graph documents no `ne`, `not` or
 * `contains` for this API.
 */
interface ServerField {
  path: string;
  operators: FilterOperator[];
  /** Target properties live in a collection and need a lambda. */
  inTargets?: boolean;
}

const SERVER_FIELDS: Partial<Record<FilterField, ServerField>> = {
  activity: { path: 'activityDisplayName', operators: ['eq', 'startsWith'] },
  service: { path: 'loggedByService', operators: ['eq'] },
  id: { path: 'id', operators: ['eq'] },
  correlationId: { path: 'correlationId', operators: ['eq'] },
  initiatorUpn: { path: 'initiatedBy/user/userPrincipalName', operators: ['eq', 'startsWith'] },
  initiatorUserId: { path: 'initiatedBy/user/id', operators: ['eq'] },
  initiatorUserName: { path: 'initiatedBy/user/displayName', operators: ['eq'] },
  initiatorAppId: { path: 'initiatedBy/app/appId', operators: ['eq'] },
  initiatorAppName: { path: 'initiatedBy/app/displayName', operators: ['eq'] },
  targetId: { path: 'id', operators: ['eq'], inTargets: true },
  targetName: { path: 'displayName', operators: ['eq', 'startsWith'], inTargets: true },
};

/**
 * The OData clause for a condition Graph can run, or undefined when the plugin must.
 * Graph's `$filter` on this API has no documented `or`/`in`, so several values stay plugin-side.
 */
export function serverClause(condition: FilterCondition): string | undefined {
  const field = SERVER_FIELDS[condition.field];
  if (!field || !field.operators.includes(condition.operator) || condition.values.length !== 1) {
    return undefined;
  }
  const literal = quoteLiteral(condition.values[0]);
  if (field.inTargets) {
    return condition.operator === 'eq'
      ? `targetResources/any(t: t/${field.path} eq ${literal})`
      : `targetResources/any(t: startswith(t/${field.path}, ${literal}))`;
  }
  return condition.operator === 'eq' ? `${field.path} eq ${literal}` : `startswith(${field.path}, ${literal})`;
}

/**
 * How a plugin-side condition reads in the executed query string. A negative row's values are
 * joined by "nor": it keeps events matching none of them.
 */
export function describeCondition(condition: FilterCondition): string {
  const negative = condition.operator === 'ne' || condition.operator === 'notContains';
  const values = condition.values.map(quoteLiteral).join(negative ? ' nor ' : ' or ');
  return `${condition.field} ${condition.operator} ${values}`;
}
