import { AuditEvent } from '../model/event';
import { FilterCondition, FilterField, FilterOperator } from '../model/query';
import { matchKey } from './matchKey';

/** The event's values for a field; targets contribute one value each. */
export function fieldValues(event: AuditEvent, field: FilterField): string[] {
  switch (field) {
    case 'targetId':
      return event.targets.map((t) => t.id);
    case 'targetName':
      return event.targets.map((t) => t.displayName || t.userPrincipalName);
    case 'targetType':
      return event.targets.map((t) => t.type);
    case 'ipAddress':
      return [event.initiatorIp];
    case 'roleName':
    case 'roleTemplateId':
    case 'keyType':
    case 'keyUsage':
    case 'keyDescription':
    case 'consentPermissions':
    case 'adminConsent':
    case 'policyName':
    case 'policyState':
    case 'groupName':
      return [event.changes[field]];
    default:
      return [event[field]];
  }
}

/**
 * On `matchKey`: letter case, which dash was written and the white space around a value do not
 * count, so "update application - certificates and secrets management" finds what Microsoft logs
 * as "Update application – Certificates and secrets management ". "is not" and "does not contain"
 * are the negation of "is" and "contains": an event none of whose values (one per target for target
 * fields) matches any wanted value. pkg/plan/match.go decides the same.
 */
function matches(condition: FilterCondition, event: AuditEvent): boolean {
  return operatorMatches(condition.operator, fieldValues(event, condition.field), condition.values);
}

/** Whether `actual` (the values of one field) passes `operator` with `values`, ignoring case. */
export function operatorMatches(operator: FilterOperator, actual: string[], values: string[]): boolean {
  const wanted = values.map(matchKey);
  const positive = POSITIVE[operator] ?? operator;
  const test = TESTS[positive];
  const found = actual.some((value) => {
    const folded = matchKey(value);
    return wanted.some((w) => test(folded, w));
  });
  return positive === operator ? found : !found;
}

const TESTS: Record<string, (actual: string, wanted: string) => boolean> = {
  eq: (actual, wanted) => actual === wanted,
  startsWith: (actual, wanted) => actual.startsWith(wanted),
  contains: (actual, wanted) => actual.includes(wanted),
};

/** The negative operators and the positive test they negate. */
const POSITIVE: Partial<Record<FilterOperator, FilterOperator>> = { ne: 'eq', notContains: 'contains' };

/** Rows are ANDed; within a row any value matches. */
export function matchesAll(conditions: FilterCondition[], event: AuditEvent): boolean {
  return conditions.every((condition) => matches(condition, event));
}
