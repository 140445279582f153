import { AuditEvent, AuditTarget } from '../model/event';
import { parseActivityTime } from './normalizeDirectoryAudit';
import { additionalDetailsOf, list, modifiedPropertiesOf, prop, text } from './rawJson';

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
  if (parsed !== undefined) {
    return parsed;
  }
  const millis = prop(raw, 'activityDateInMillis');
  return typeof millis === 'number' && Number.isFinite(millis) ? Math.trunc(millis) : undefined;
}

/**
 * "Success"/"Failure" as consumers saw them, else the filter's numeric `activityStatus` (0 / -1),
 * as Graph's lower-case values so groups and filters mean the same on both APIs.
 */
function legacyResult(raw: unknown): string {
  const status = text(raw, 'activityResultStatus');
  if (status) {
    return status.toLowerCase();
  }
  const numeric = prop(raw, 'activityStatus');
  if (numeric === null || numeric === undefined || numeric === '') {
    return '';
  }
  return Number(numeric) === 0 ? 'success' : 'failure';
}

function isUserActor(actor: unknown): boolean {
  const type = text(actor, '@odata.type');
  return type.endsWith('ActorUserEntity') || (type === '' && text(actor, 'userPrincipalName') !== '');
}

/** Raw legacy activity JSON → AuditEvent; undefined when it has no readable time. */
export function normalizeLegacyActivity(raw: unknown): AuditEvent | undefined {
  const time = legacyTime(raw);
  if (time === undefined) {
    return undefined;
  }
  const actor = prop(raw, 'actor');
  const userActor = actor !== null && actor !== undefined && isUserActor(actor);
  const appActor = actor !== null && actor !== undefined && !userActor;
  const initiatorUpn = userActor ? text(actor, 'userPrincipalName') : '';
  const initiatorUserName = userActor ? text(actor, 'name') : '';
  const initiatorUserId = userActor ? text(actor, 'objectId') : '';
  const initiatorAppName = appActor ? text(actor, 'name') : '';
  const initiatorAppId = appActor ? text(actor, 'appId') : '';

  const rawTargets = list(raw, 'targets');
  const targets: AuditTarget[] = rawTargets.map((target, index) => {
    const typed = TARGET_ENTITY_TYPE.exec(text(target, '@odata.type'));
    return {
      id: text(target, 'objectId'),
      displayName: text(target, 'name'),
      // Only the first target's type has a documented fallback: the batch-level targetResourceType.
      type: typed ? typed[1] : index === 0 ? text(raw, 'targetResourceType') : '',
      userPrincipalName: text(target, 'userPrincipalName'),
    };
  });

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
    initiatorIp: (userActor && text(actor, 'ipAddress')) || text(raw, 'ipAddress'),
    targets,
    correlationId: text(raw, 'correlationId'),
    additionalDetails: additionalDetailsOf(raw, 'name'),
    modifiedProperties: modifiedPropertiesOf(rawTargets, targets, 'name'),
  };
}
