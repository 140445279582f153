import { AuditEvent, AuditTarget } from '../model/event';
import { changedValuesOf } from './changedValues';
import { parseActivityTime } from './normalizeDirectoryAudit';
import {
  additionalDetailsOf,
  detailValue,
  fieldsOf,
  list,
  modifiedPropertiesOf,
  prop,
  text,
  unlessMalformed,
  wholeNumber,
} from './rawJson';

/**
 * Microsoft never documented the legacy `activities/audit` response entity. These names follow its
 * filter names and what third-party consumers read (reference §5.4), as the tenant emulator serves
 * them and pkg/graph/normalize_legacy.go reads them.
 */

/** `…AuditLog.TargetResourceUserEntity` → `User`. */
const TARGET_ENTITY_TYPE = /TargetResource(\w+?)Entity$/;

/** `activityDate`, else the epoch `activityDateInMillis` some batches carry instead. */
function legacyTime(raw: unknown): number | undefined {
  const parsed = parseActivityTime(text(raw, 'activityDate'));
  // Read either way: a malformed one makes the event malformed, as in Go.
  const millis = wholeNumber(raw, 'activityDateInMillis');
  return parsed ?? millis;
}

/**
 * "Success"/"Failure" as consumers saw them, else the filter's numeric `activityStatus` (0 / -1),
 * as Graph's lower-case values so groups and filters mean the same on both APIs.
 */
function legacyResult(raw: unknown): string {
  const status = text(raw, 'activityResultStatus');
  const numeric = wholeNumber(raw, 'activityStatus');
  if (status) {
    return status.toLowerCase();
  }
  if (numeric === undefined) {
    return '';
  }
  return numeric === 0 ? 'success' : 'failure';
}

function isUserActor(actor: unknown): boolean {
  const type = text(actor, '@odata.type');
  return type.endsWith('ActorUserEntity') || (type === '' && text(actor, 'userPrincipalName') !== '');
}

/**
 * Raw legacy activity JSON → AuditEvent; undefined when it has no readable time or is malformed
 * (a field of the wrong kind: see MALFORMED_EVENT).
 */
export function normalizeLegacyActivity(raw: unknown): AuditEvent | undefined {
  return unlessMalformed(readLegacyActivity, raw);
}

function readLegacyActivity(raw: unknown): AuditEvent | undefined {
  fieldsOf(raw);
  const time = legacyTime(raw);
  if (time === undefined) {
    return undefined;
  }
  const actor = fieldsOf(prop(raw, 'actor'));
  const hasActor = prop(raw, 'actor') !== null && prop(raw, 'actor') !== undefined;
  const userActor = hasActor && isUserActor(actor);
  const appActor = hasActor && !userActor;
  // Every actor field is read whatever the actor is: a malformed one makes the event malformed, as in Go.
  const actorUpn = text(actor, 'userPrincipalName');
  const actorName = text(actor, 'name');
  const actorObjectId = text(actor, 'objectId');
  const actorAppId = text(actor, 'appId');
  const actorIp = text(actor, 'ipAddress');
  const initiatorUpn = userActor ? actorUpn : '';
  const initiatorUserName = userActor ? actorName : '';
  const initiatorUserId = userActor ? actorObjectId : '';
  const initiatorAppName = appActor ? actorName : '';
  const initiatorAppId = appActor ? actorAppId : '';
  const batchTargetType = text(raw, 'targetResourceType');
  const eventIp = text(raw, 'ipAddress');

  const rawTargets = list(raw, 'targets');
  const targets = legacyTargets(rawTargets, batchTargetType);
  const additionalDetails = additionalDetailsOf(raw, 'name');
  const modifiedProperties = modifiedPropertiesOf(rawTargets, targets, 'name');

  return {
    id: text(raw, 'id'),
    time,
    activity: text(raw, 'activity'),
    category: text(raw, 'category'),
    // The legacy API has no loggedByService.
    service: '',
    result: legacyResult(raw),
    resultReason: text(raw, 'activityResultDescription'),
    operationType: text(raw, 'activityOperationType'),
    activityType: text(raw, 'activityType'),
    initiatedBy: initiatorUpn || initiatorAppName || initiatorUserName || initiatorUserId || initiatorAppId,
    initiatorUpn,
    initiatorUserId,
    initiatorUserName,
    initiatorAppId,
    initiatorAppName,
    initiatorIp: (userActor && actorIp) || eventIp,
    // The legacy API names no service principal and has no userAgent field.
    initiatorServicePrincipalId: '',
    userAgent: detailValue(additionalDetails, 'user-agent'),
    targets,
    correlationId: text(raw, 'correlationId'),
    additionalDetails,
    modifiedProperties,
    changes: changedValuesOf(modifiedProperties, targets),
  };
}

function legacyTargets(rawTargets: readonly unknown[], batchTargetType: string): AuditTarget[] {
  return rawTargets.map((target, index) => {
    fieldsOf(target);
    const typed = TARGET_ENTITY_TYPE.exec(text(target, '@odata.type'));
    return {
      id: text(target, 'objectId'),
      displayName: text(target, 'name'),
      // Only the first target's type has a documented fallback: the batch-level targetResourceType.
      type: typed ? typed[1] : index === 0 ? batchTargetType : '',
      userPrincipalName: text(target, 'userPrincipalName'),
    };
  });
}
