import { typeFromODataType } from './targetType';
import { AuditEvent, AuditTarget } from '../model/event';
import { changedValuesOf } from './changedValues';
import {
  additionalDetailsOf,
  detailValue,
  field,
  fieldsOf,
  listField,
  modifiedPropertiesOf,
  textField,
  unlessMalformed,
} from './rawJson';

const ISO_WITH_FRACTION = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Graph sends seven fractional digits; JavaScript dates hold milliseconds. Digits beyond the third
 * are dropped (never rounded up, which could push an event just past `to`). No zone means UTC.
 */
export function parseActivityTime(value: string): number | undefined {
  const fast = parseUtcTimestamp(value);
  if (fast !== undefined) {
    return fast;
  }
  const match = ISO_WITH_FRACTION.exec(value.trim());
  if (!match) {
    return undefined;
  }
  const [, seconds, fraction = '', zone = 'Z'] = match;
  const millis = (fraction + '000').slice(0, 3);
  const parsed = Date.parse(`${seconds}.${millis}${zone.toUpperCase()}`);
  return Number.isNaN(parsed) ? undefined : parsed;
}

const DIGIT_0 = 48;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written by the digits at [start, end), or -1 when any is not a digit. */
function digitsAt(value: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = value.charCodeAt(i) - DIGIT_0;
    if (d < 0 || d > 9) {
      return -1;
    }
    n = n * 10 + d;
  }
  return n;
}

/**
 * The shape Graph always sends (`2026-11-20T11:59:58.8840509Z`), read digit by digit: building a
 * string for Date.parse cost more than the rest of normalising an event. Anything unusual (a zone
 * offset, lower case, whitespace, 24:00, a day past the month's end) returns undefined for the general path,
 * so both paths agree on every input.
 */
function parseUtcTimestamp(value: string): number | undefined {
  const length = value.length;
  if (
    length < 20 ||
    value.charCodeAt(4) !== 45 || // -
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 84 || // T
    value.charCodeAt(13) !== 58 || // :
    value.charCodeAt(16) !== 58 ||
    value.charCodeAt(length - 1) !== 90 // Z
  ) {
    return undefined;
  }
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 7);
  const day = digitsAt(value, 8, 10);
  const hour = digitsAt(value, 11, 13);
  const minute = digitsAt(value, 14, 16);
  const second = digitsAt(value, 17, 19);
  let millis = 0;
  if (length > 20) {
    const fractionEnd = length - 1;
    if (value.charCodeAt(19) !== 46 || fractionEnd === 20 || digitsAt(value, 20, fractionEnd) < 0) {
      return undefined;
    }
    millis = digitsAt(value, 20, Math.min(fractionEnd, 23));
    for (let i = fractionEnd; i < 23; i++) {
      millis *= 10;
    }
  }
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1]) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  ) {
    return undefined;
  }
  const time = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC maps years 0-99 to 1900-1999; the general path reads them as written.
  return year < 100 ? undefined : time;
}

/**
 * Raw directoryAudit JSON → AuditEvent; undefined when it has no readable activityDateTime or is
 * malformed (a field of the wrong kind: see MALFORMED_EVENT).
 */
export function normalizeDirectoryAudit(raw: unknown): AuditEvent | undefined {
  return unlessMalformed(readDirectoryAudit, raw);
}

function readDirectoryAudit(raw: unknown): AuditEvent | undefined {
  const fields = fieldsOf(raw);
  const time = parseActivityTime(textField(fields, fields.activityDateTime, 'activityDateTime'));
  if (time === undefined) {
    return undefined;
  }
  const initiator = fieldsOf(field(fields, fields.initiatedBy, 'initiatedBy'));
  const user = fieldsOf(field(initiator, initiator.user, 'user'));
  const app = fieldsOf(field(initiator, initiator.app, 'app'));
  const initiatorUpn = textField(user, user.userPrincipalName, 'userPrincipalName');
  const initiatorUserName = textField(user, user.displayName, 'displayName');
  const initiatorUserId = textField(user, user.id, 'id');
  const initiatorAppName = textField(app, app.displayName, 'displayName');
  const initiatorAppId = textField(app, app.appId, 'appId');
  // Read even when an earlier name wins: a malformed one makes the whole event malformed, as in Go.
  const servicePrincipalName = textField(app, app.servicePrincipalName, 'servicePrincipalName');
  const initiatorServicePrincipalId = textField(app, app.servicePrincipalId, 'servicePrincipalId');
  const rawTargets = listField(fields, fields.targetResources, 'targetResources');

  const targets: AuditTarget[] = new Array(rawTargets.length);
  for (let i = 0; i < rawTargets.length; i++) {
    targets[i] = readTarget(rawTargets[i]);
  }

  const additionalDetails = additionalDetailsOf(raw, 'key');
  const modifiedProperties = modifiedPropertiesOf(rawTargets, targets, 'displayName');
  return {
    id: textField(fields, fields.id, 'id'),
    time,
    activity: textField(fields, fields.activityDisplayName, 'activityDisplayName'),
    category: textField(fields, fields.category, 'category'),
    service: textField(fields, fields.loggedByService, 'loggedByService'),
    result: textField(fields, fields.result, 'result'),
    resultReason: textField(fields, fields.resultReason, 'resultReason'),
    operationType: textField(fields, fields.operationType, 'operationType'),
    activityType: '',
    initiatedBy:
      initiatorUpn ||
      initiatorAppName ||
      initiatorUserName ||
      initiatorUserId ||
      servicePrincipalName ||
      initiatorAppId,
    initiatorUpn,
    initiatorUserId,
    initiatorUserName,
    initiatorAppId,
    initiatorAppName,
    initiatorIp: textField(user, user.ipAddress, 'ipAddress'),
    initiatorServicePrincipalId,
    userAgent: textField(fields, fields.userAgent, 'userAgent') || detailValue(additionalDetails, 'user-agent'),
    targets,
    correlationId: textField(fields, fields.correlationId, 'correlationId'),
    additionalDetails,
    modifiedProperties,
    changes: changedValuesOf(modifiedProperties, targets),
  };
}

/** A target's type is its `type` (any case), else what its `@odata.type` names. */
function readTarget(raw: unknown): AuditTarget {
  const target = fieldsOf(raw);
  const type = textField(target, target.type, 'type');
  // Read even when `type` wins: a malformed one makes the whole event malformed, as in Go.
  const odataType = textField(target, target['@odata.type'], '@odata.type');
  return {
    id: textField(target, target.id, 'id'),
    displayName: textField(target, target.displayName, 'displayName'),
    type: type || typeFromODataType(odataType),
    userPrincipalName: textField(target, target.userPrincipalName, 'userPrincipalName'),
  };
}
