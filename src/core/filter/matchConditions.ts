import { AuditEvent } from '../model/event';
import { FilterCondition, FilterField } from '../model/query';
import { foldCase } from './foldCase';

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
 * Case-insensitive, as Graph compares these strings, so a condition gives the same answer
 * whether it ran on Graph or here.
 */
function matches(condition: FilterCondition, event: AuditEvent): boolean {
  const wanted = condition.values.map(foldCase);
  return fieldValues(event, condition.field).some((value) => {
    const actual = foldCase(value);
    return condition.operator === 'eq' ? wanted.includes(actual) : wanted.some((w) => actual.startsWith(w));
  });
}

/** Rows are ANDed; within a row any value matches. */
export function matchesAll(conditions: FilterCondition[], event: AuditEvent): boolean {
  return conditions.every((condition) => matches(condition, event));
}
