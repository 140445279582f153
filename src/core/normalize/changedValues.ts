import { AuditEvent, AuditTarget, CHANGED_VALUE_NAMES, ChangedValues } from '../model/event';

export { CHANGED_VALUE_NAMES };
import { mayHoldSurrogateEscape, wellFormedJson } from '../model/wellFormed';

type ModifiedProperty = AuditEvent['modifiedProperties'][number];

/**
 * A changed value as a person reads it. Microsoft JSON-encodes modified values: a scalar arrives
 * quoted (`"\"Global Administrator\""`), a list as a JSON array of strings (`"[\"Sales\"]"`, `"[]"`).
 * A quoted string reads as its text, an array of strings as its items joined with ", ", anything
 * else (an object, numbers, malformed JSON) exactly as sent: never an error, and the same in Go
 * (pkg/graph/changes.go PlainValue).
 */
export function plainValue(value: string): string {
  const first = firstNonBlank(value);
  if (first !== '"' && first !== '[') {
    return value;
  }
  let parsed: unknown;
  try {
    parsed = parseJson(value);
  } catch {
    return value;
  }
  if (typeof parsed === 'string') {
    return parsed;
  }
  if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) {
    return parsed.join(', ');
  }
  return value;
}

function firstNonBlank(value: string): string {
  for (let i = 0; i < value.length; i++) {
    if (!isBlank(value[i])) {
      return value[i];
    }
  }
  return '';
}

/** JSON text as Go's decoder reads it: a lone surrogate escape becomes U+FFFD (model/wellFormed.ts). */
function parseJson(value: string): unknown {
  const parsed: unknown = JSON.parse(value);
  return mayHoldSurrogateEscape(value) ? wellFormedJson(parsed) : parsed;
}

/** The items of a JSON array of strings (`KeyDescription`), or [] when the value is not one. */
function stringItems(value: string): string[] {
  if (firstNonBlank(value) !== '[') {
    return [];
  }
  try {
    const parsed: unknown = parseJson(value);
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

export const NO_CHANGED_VALUES: ChangedValues = Object.freeze({
  roleName: '',
  roleTemplateId: '',
  keyType: '',
  keyUsage: '',
  keyDescription: '',
  consentPermissions: '',
  adminConsent: '',
  policyName: '',
  policyState: '',
  groupName: '',
});

/**
 * The changed values detection rules key on, read from the modified properties Microsoft logs
 * (names compared ignoring case, as Sentinel's `=~` does; detections.md §3). A value is the new
 * one, else the old one: a role removal logs the role's name only as the old value.
 */
export function changedValuesOf(properties: ModifiedProperty[], targets: AuditTarget[]): ChangedValues {
  const byName = knownProperties(properties);
  if (byName === undefined && !targets.some(namesAChange)) {
    return NO_CHANGED_VALUES;
  }
  const current = (name: KnownProperty): string => {
    const property = byName?.[name];
    return property ? plainValue(property.newValue) || plainValue(property.oldValue) : '';
  };
  const keys = credentialKeys(byName?.['keydescription']);
  // Only a policy change logs a policy document; elsewhere an object with `state` means something else.
  const policy = targets.some(isPolicy) ? policyDocument(properties) : NO_POLICY;
  return {
    roleName: current('role.displayname') || current('roledefinition.displayname') || targetName(targets, 'role'),
    roleTemplateId: current('role.templateid') || current('roledefinition.templateid'),
    keyType: keyPart(keys, 'KeyType'),
    keyUsage: keyPart(keys, 'KeyUsage'),
    keyDescription: keyPart(keys, 'DisplayName'),
    consentPermissions: consentScopes(current('consentaction.permissions')),
    adminConsent: booleanText(current('consentcontext.isadminconsent')),
    policyName: policy.displayName || targetName(targets, 'policy'),
    policyState: policy.state,
    groupName: current('group.displayname') || targetName(targets, 'group'),
  };
}

/** The property names read, folded to lower case; the first property of each name counts. */
const KNOWN_PROPERTIES = [
  'role.displayname',
  'roledefinition.displayname',
  'role.templateid',
  'roledefinition.templateid',
  'keydescription',
  'consentaction.permissions',
  'consentcontext.isadminconsent',
  'group.displayname',
] as const;
type KnownProperty = (typeof KNOWN_PROPERTIES)[number];
const KNOWN_LENGTHS = new Set<number>(KNOWN_PROPERTIES.map((name) => name.length));

/**
 * The properties a named value is read from, or undefined when none is: most events change other
 * properties, and folding only names of a known length keeps them cheap.
 */
function knownProperties(properties: ModifiedProperty[]): Partial<Record<KnownProperty, ModifiedProperty>> | undefined {
  let found: Partial<Record<KnownProperty, ModifiedProperty>> | undefined;
  for (const property of properties) {
    if (!KNOWN_LENGTHS.has(property.displayName.length)) {
      continue;
    }
    const name = KNOWN_PROPERTIES.find((known) => asciiEqualFold(property.displayName, known));
    if (name !== undefined) {
      found ??= {};
      found[name] ??= property;
    }
  }
  return found;
}

const NO_POLICY = Object.freeze({ displayName: '', state: '' });

function isPolicy(target: AuditTarget): boolean {
  return asciiEqualFold(target.type, 'policy');
}

/** `value` equals `lower` ignoring A-Z case only, without allocating (most events ask this of several names). */
function asciiEqualFold(value: string, lower: string): boolean {
  if (value.length !== lower.length) {
    return false;
  }
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      c += 32;
    }
    if (c !== lower.charCodeAt(i)) {
      return false;
    }
  }
  return true;
}

function namesAChange(target: AuditTarget): boolean {
  const type = target.type;
  return asciiEqualFold(type, 'role') || asciiEqualFold(type, 'policy') || asciiEqualFold(type, 'group');
}

function targetName(targets: AuditTarget[], type: string): string {
  for (const target of targets) {
    if (target.displayName && asciiEqualFold(target.type, type)) {
      return target.displayName;
    }
  }
  return '';
}

/**
 * The keys a credential change added (new items not in the old list), else the ones it removed;
 * none when both lists hold the same keys (creating an app logs `[]` → `[]`).
 */
function credentialKeys(property: ModifiedProperty | undefined): string[] {
  if (!property) {
    return [];
  }
  const before = stringItems(property.oldValue);
  const after = stringItems(property.newValue);
  const added = after.filter((key) => !before.includes(key));
  return added.length > 0 ? added : before.filter((key) => !after.includes(key));
}

/** `KeyType=Password` read from `[KeyIdentifier=…,KeyType=Password,KeyUsage=Verify,DisplayName=…]`, per key. */
function keyPart(keys: string[], part: 'KeyType' | 'KeyUsage' | 'DisplayName'): string {
  const values: string[] = [];
  for (const key of keys) {
    const value = keyAttribute(key, part);
    if (value && !values.includes(value)) {
      values.push(value);
    }
  }
  return values.join(', ');
}

function keyAttribute(key: string, part: string): string {
  const marker = part + '=';
  let at = key.indexOf(marker);
  // `KeyType=` must start an attribute, not end another one's name.
  while (at > 0 && key[at - 1] !== ',' && key[at - 1] !== '[' && key[at - 1] !== ' ') {
    at = key.indexOf(marker, at + 1);
  }
  if (at < 0) {
    return '';
  }
  const start = at + marker.length;
  // The description is the last attribute and may hold commas: it runs to the last bracket.
  let end = part === 'DisplayName' ? key.lastIndexOf(']') : firstOf(key, start, ',', ']');
  if (end < start) {
    end = key.length;
  }
  return trimAscii(key.slice(start, end));
}

/** The first index at or after `from` of any of `stops`, or -1. */
function firstOf(text: string, from: number, ...stops: string[]): number {
  let first = -1;
  for (const stop of stops) {
    const found = text.indexOf(stop, from);
    if (found >= 0 && (first < 0 || found < first)) {
      first = found;
    }
  }
  return first;
}

/** ASCII blanks only, so both engines trim the same characters (JS and Go disagree on Unicode spaces). */
export function trimAscii(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isBlank(value[start])) {
    start++;
  }
  while (end > start && isBlank(value[end - 1])) {
    end--;
  }
  return value.slice(start, end);
}

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** Lower-cases A-Z only: property and type names are ASCII, and JS and Go fold other letters differently. */
export function asciiLower(value: string): string {
  return value.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
}

const SCOPE_MARKER = 'Scope:';

/**
 * `ConsentAction.Permissions` is not JSON: `[[Id: …, ConsentType: AllPrincipals, Scope: User.Read
 * Mail.Read, CreatedDateTime: …]]`. The scopes of every grant, space-separated and each once; the
 * text as sent when it names no scope.
 */
function consentScopes(text: string): string {
  let at = text.indexOf(SCOPE_MARKER);
  if (at < 0) {
    return trimAscii(text);
  }
  const scopes: string[] = [];
  while (at >= 0) {
    const start = at + SCOPE_MARKER.length;
    let end = firstOf(text, start, ',', ']');
    if (end < 0) {
      end = text.length;
    }
    for (const scope of text.slice(start, end).split(' ')) {
      if (scope && !scopes.includes(scope)) {
        scopes.push(scope);
      }
    }
    at = text.indexOf(SCOPE_MARKER, end);
  }
  return scopes.join(' ');
}

/** Microsoft writes `True`/`False`; the field holds `true`/`false` so a filter has one spelling. */
function booleanText(value: string): string {
  const folded = asciiLower(trimAscii(value));
  return folded === 'true' || folded === 'false' ? folded : value;
}

/**
 * A Conditional Access change logs the whole policy as JSON (old and new), with `displayName` and
 * `state` (enabled, disabled, enabledForReportingButNotEnforced). The first property holding such
 * an object is read: the new policy, else the old one (a deletion).
 */
function policyDocument(properties: ModifiedProperty[]): { displayName: string; state: string } {
  for (const property of properties) {
    const document = policyFields(property.newValue) ?? policyFields(property.oldValue);
    if (document) {
      return document;
    }
  }
  return NO_POLICY;
}

function policyFields(value: string): { displayName: string; state: string } | undefined {
  if (firstNonBlank(value) !== '{') {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = parseJson(value);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return undefined;
  }
  const { displayName, state } = parsed as Record<string, unknown>;
  if (typeof state !== 'string') {
    return undefined;
  }
  return { displayName: typeof displayName === 'string' ? displayName : '', state };
}
