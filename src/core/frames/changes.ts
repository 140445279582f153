import { AuditEvent } from '../model/event';
import { plainValue } from '../normalize/changedValues';

/**
 * Every changed property as a person reads it, old → new, values without Microsoft's JSON quoting:
 * `Role.DisplayName: "" → "Global Administrator"; Role.TemplateId: "" → "62e9…"`.
 * Mirrors pkg/frames ChangesText.
 */
export function describeChanges(event: AuditEvent): string {
  let described = '';
  for (const property of event.modifiedProperties) {
    if (described) {
      described += '; ';
    }
    described += `${property.displayName}: "${plainValue(property.oldValue)}" → "${plainValue(property.newValue)}"`;
  }
  return described;
}

/** The targets' ids, then their UPNs, each list comma-separated in target order, empty ones left out. */
export function targetIds(event: AuditEvent): string {
  return joinNonEmpty(event.targets.map((target) => target.id));
}

export function targetUpns(event: AuditEvent): string {
  return joinNonEmpty(event.targets.map((target) => target.userPrincipalName));
}

function joinNonEmpty(values: string[]): string {
  return values.filter((value) => value !== '').join(', ');
}
