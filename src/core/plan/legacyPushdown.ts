import { FilterCondition, FilterField, FilterOperator } from '../model/query';
import { quoteLiteral } from './odata';

/** Prefixes the typed actor path the legacy API documents for startswith on a UPN. */
const LEGACY_NAMESPACE = 'Microsoft.ActiveDirectory.DataService.PublicApi.Model.Reporting.AuditLog';

interface LegacyField {
  path: string;
  operators: FilterOperator[];
  /** Target properties live in the `targets` collection and need a lambda. */
  inTargets?: boolean;
}

/**
 * What the retired Azure AD Graph reporting API filters `activities/audit` on (reference §5.3),
 * matching pkg/plan/odata.go. `actor/name` matches apps as well as users, which is why every
 * pushed legacy row is checked again by the plugin.
 */
const LEGACY_FIELDS: Partial<Record<FilterField, LegacyField>> = {
  activity: { path: 'activity', operators: ['eq', 'startsWith'] },
  category: { path: 'category', operators: ['eq'] },
  activityType: { path: 'activityType', operators: ['eq'] },
  // contains only here: §5.3 documents `actor/name` as case-insensitive, so the API keeps every
  // event the plugin's case-insensitive `contains` keeps; `activity` compares case-sensitively, and
  // no case rule is documented for target names, so their contains stays plugin-side.
  initiatorUserName: { path: 'actor/name', operators: ['eq', 'startsWith', 'contains'] },
  initiatorUserId: { path: 'actor/objectId', operators: ['eq'] },
  initiatorUpn: { path: 'actor/upn', operators: ['eq', 'startsWith'] },
  targetId: { path: 'objectId', operators: ['eq'], inTargets: true },
  targetName: { path: 'name', operators: ['eq', 'startsWith'], inTargets: true },
};

/** The legacy filter takes the result as the numeric `activityStatus`. */
const LEGACY_STATUS: Record<string, string> = { success: '0', failure: '-1' };

/** The legacy `$filter` clause for a condition the API can run, or undefined when only the plugin can. */
export function legacyServerClause(condition: FilterCondition): string | undefined {
  if (condition.values.length !== 1) {
    return undefined;
  }
  const value = condition.values[0];
  if (condition.field === 'result') {
    const status = LEGACY_STATUS[value.toLowerCase()];
    return status !== undefined && condition.operator === 'eq' ? `activityStatus eq ${status}` : undefined;
  }
  const field = LEGACY_FIELDS[condition.field];
  if (!field || !field.operators.includes(condition.operator)) {
    return undefined;
  }
  const literal = quoteLiteral(value);
  let subject = field.inTargets ? `t/${field.path}` : field.path;
  if (condition.field === 'initiatorUpn' && condition.operator === 'startsWith') {
    subject = `actor/${LEGACY_NAMESPACE}.ActorUserEntity/userPrincipalName`;
  }
  const clause =
    condition.operator === 'eq'
      ? `${subject} eq ${literal}`
      : `${condition.operator.toLowerCase()}(${subject}, ${literal})`;
  return field.inTargets ? `targets/any(t: ${clause})` : clause;
}
