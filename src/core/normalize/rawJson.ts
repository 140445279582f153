import { AuditEvent, AuditTarget } from '../model/event';

type Json = Record<string, unknown>;

/**
 * A malformed event: not an object, or a field the plugin reads holds the wrong kind of JSON (a
 * number where text belongs, text where an object or a list belongs). Thrown by the readers below
 * and caught by the normalisers, which then count the event as unreadable: pkg/graph decodes each
 * event on its own and gives up on exactly these, so both engines skip the same events.
 */
export const MALFORMED_EVENT = new Error('malformed audit event');

/** Runs a normaliser, reading an event with a field of the wrong kind as unreadable (no closure per event). */
export function unlessMalformed<T>(read: (raw: unknown) => T | undefined, raw: unknown): T | undefined {
  try {
    return read(raw);
  } catch (error) {
    if (error === MALFORMED_EVENT) {
      return undefined;
    }
    throw error;
  }
}

/**
 * Reads a property whatever its casing: Microsoft's own samples send `Type` where the schema
 * says `type` (reference §1.2), so a lookup falls back to a case-insensitive match. The exact
 * key is tried first because Graph spells nearly every key as documented; the fallback compares
 * lengths before lower-casing so a miss allocates nothing for keys that cannot match.
 */
export function prop(object: unknown, name: string): unknown {
  if (object === null || typeof object !== 'object') {
    return undefined;
  }
  const record = object as Json;
  const exact = record[name];
  if (exact !== undefined || name in record) {
    return exact;
  }
  let lower: string | undefined;
  for (const key in record) {
    if (key.length === name.length && Object.prototype.hasOwnProperty.call(record, key)) {
      lower ??= name.toLowerCase();
      if (key.toLowerCase() === lower) {
        return record[key];
      }
    }
  }
  return undefined;
}

/** A property as text; null and missing become '', any other kind is malformed. */
export function text(object: unknown, name: string): string {
  return asText(prop(object, name));
}

function asText(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (value === null || value === undefined) {
    return '';
  }
  throw MALFORMED_EVENT;
}

/**
 * A property as a whole number both engines hold exactly (up to 2^53 − 1); null and missing become
 * undefined, any other value is malformed.
 */
export function wholeNumber(object: unknown, name: string): number | undefined {
  const value = prop(object, name);
  if (value === null || value === undefined) {
    return undefined;
  }
  if (typeof value === 'number' && Number.isSafeInteger(value)) {
    return value;
  }
  throw MALFORMED_EVENT;
}

const NO_FIELDS: Json = Object.freeze({});

/** The value as an object to read fields from; null and missing read as an object with none. */
export function fieldsOf(value: unknown): Json {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return value as Json;
  }
  if (value === null || value === undefined) {
    return NO_FIELDS;
  }
  throw MALFORMED_EVENT;
}

/**
 * `value` is `object.<name>` read at the call site with a literal name, where the engine caches
 * the layout every page's objects share (a computed `object[name]` cannot be cached that way and
 * cost most of the normaliser's time). Only a missing key takes the case-insensitive lookup.
 */
export function field(object: Json, value: unknown, name: string): unknown {
  return value !== undefined ? value : prop(object, name);
}

/** `field` as text; null and missing become '', any other kind is malformed. */
export function textField(object: Json, value: unknown, name: string): string {
  if (typeof value === 'string') {
    return value;
  }
  return asText(value === undefined ? prop(object, name) : value);
}

/** `field` as an array; null and missing become [] (shared: callers only read it), any other kind is malformed. */
export function listField(object: Json, value: unknown, name: string): readonly unknown[] {
  return asList(value !== undefined ? value : prop(object, name));
}

function asList(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) {
    return value;
  }
  if (value === null || value === undefined) {
    return NO_ITEMS;
  }
  throw MALFORMED_EVENT;
}

const NO_ITEMS: readonly unknown[] = Object.freeze([]);

/** A property that should be an array; null and missing become [], any other kind is malformed. */
export function list(object: unknown, name: string): readonly unknown[] {
  return asList(prop(object, name));
}

/**
 * Key/value details as the event sent them. Graph names the key `key`; the legacy API `name`
 * (reference §5.4).
 */
export function additionalDetailsOf(raw: unknown, keyName: 'key' | 'name'): AuditEvent['additionalDetails'] {
  const fields = fieldsOf(raw);
  const details = listField(fields, fields.additionalDetails, 'additionalDetails');
  const result: AuditEvent['additionalDetails'] = new Array(details.length);
  for (let i = 0; i < details.length; i++) {
    const detail = fieldsOf(details[i]);
    result[i] = {
      key: textField(detail, keyName === 'key' ? detail.key : detail.name, keyName),
      value: textField(detail, detail.value, 'value'),
    };
  }
  return result;
}

/** Every target's changed properties, each tagged with the target it belongs to. */
export function modifiedPropertiesOf(
  rawTargets: readonly unknown[],
  targets: AuditTarget[],
  nameKey: 'displayName' | 'name'
): AuditEvent['modifiedProperties'] {
  const result: AuditEvent['modifiedProperties'] = [];
  for (let index = 0; index < rawTargets.length; index++) {
    const rawTarget = fieldsOf(rawTargets[index]);
    const properties = listField(rawTarget, rawTarget.modifiedProperties, 'modifiedProperties');
    if (properties.length === 0) {
      continue;
    }
    const owner = targets[index];
    const target = owner.displayName || owner.userPrincipalName || owner.id;
    for (const item of properties) {
      const property = fieldsOf(item);
      result.push({
        target,
        displayName: textField(property, nameKey === 'displayName' ? property.displayName : property.name, nameKey),
        oldValue: textField(property, property.oldValue, 'oldValue'),
        newValue: textField(property, property.newValue, 'newValue'),
      });
    }
  }
  return result;
}

/** The value of the first additional detail whose key is `lowerKey` ignoring ASCII case (Sentinel reads `User-Agent` so). */
export function detailValue(details: AuditEvent['additionalDetails'], lowerKey: string): string {
  for (const detail of details) {
    if (detail.key.length === lowerKey.length && detail.key.replace(/[A-Z]+/g, (u) => u.toLowerCase()) === lowerKey) {
      return detail.value;
    }
  }
  return '';
}
