import { AuditEvent } from '../model/event';
import { FilterCondition, FilterField } from '../model/query';
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
    default:
      return [event[field]];
  }
}

/**
 * On `matchKey`: letter case, which dash was written and the white space around a value do not
 * count, so "update application - certificates and secrets management" finds what Microsoft logs
 * as "Update application – Certificates and secrets management ".
 */
function matches(condition: FilterCondition, event: AuditEvent): boolean {
  const wanted = condition.values.map(matchKey);
  return fieldValues(event, condition.field).some((value) => {
    const actual = matchKey(value);
    return condition.operator === 'eq' ? wanted.includes(actual) : wanted.some((w) => actual.startsWith(w));
  });
}

/** Rows are ANDed; within a row any value matches. */
export function matchesAll(conditions: FilterCondition[], event: AuditEvent): boolean {
  return conditions.every((condition) => matches(condition, event));
}
