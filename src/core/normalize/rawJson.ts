import { AuditEvent, AuditTarget } from '../model/event';

type Json = Record<string, unknown>;

/**
 * Reads a property whatever its casing: Microsoft's own samples send `Type` where the schema
 * says `type` (reference §1.2), so every lookup falls back to a case-insensitive match.
 */
export function prop(object: unknown, name: string): unknown {
  if (!object || typeof object !== 'object') {
    return undefined;
  }
  const record = object as Json;
  if (name in record) {
    return record[name];
  }
  const lower = name.toLowerCase();
  const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : record[key];
}

/** A property as text; null and missing become ''. */
export function text(object: unknown, name: string): string {
  const value = prop(object, name);
  return value === null || value === undefined ? '' : String(value);
}

/** A property that should be an array; anything else becomes []. */
export function list(object: unknown, name: string): unknown[] {
  const value = prop(object, name);
  return Array.isArray(value) ? value : [];
}

/**
 * Key/value details as the event sent them. Graph names the key `key`; the legacy API `name`
 * (reference §5.4).
 */
export function additionalDetailsOf(raw: unknown, keyName: 'key' | 'name'): AuditEvent['additionalDetails'] {
  return list(raw, 'additionalDetails').map((detail) => ({ key: text(detail, keyName), value: text(detail, 'value') }));
}

/** Every target's changed properties, each tagged with the target it belongs to. */
export function modifiedPropertiesOf(
  rawTargets: unknown[],
  targets: AuditTarget[],
  nameKey: 'displayName' | 'name'
): AuditEvent['modifiedProperties'] {
  return rawTargets.flatMap((target, index) =>
    list(target, 'modifiedProperties').map((property) => ({
      target: targets[index].displayName || targets[index].userPrincipalName || targets[index].id,
      displayName: text(property, nameKey),
      oldValue: text(property, 'oldValue'),
      newValue: text(property, 'newValue'),
    }))
  );
}
