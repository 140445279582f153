import { AuditEvent, AuditTarget } from '../model/event';
import { additionalDetailsOf, list, modifiedPropertiesOf, prop, text } from './rawJson';

const ISO_WITH_FRACTION = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Graph sends seven fractional digits; JavaScript dates hold milliseconds. Digits beyond the third
 * are dropped (never rounded up, which could push an event just past `to`). No zone means UTC.
 */
export function parseActivityTime(value: string): number | undefined {
  const match = ISO_WITH_FRACTION.exec(value.trim());
  if (!match) {
    return undefined;
  }
  const [, seconds, fraction = '', zone = 'Z'] = match;
  const millis = (fraction + '000').slice(0, 3);
  const parsed = Date.parse(`${seconds}.${millis}${zone.toUpperCase()}`);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Raw directoryAudit JSON → AuditEvent; undefined when it has no readable activityDateTime. */
export function normalizeDirectoryAudit(raw: unknown): AuditEvent | undefined {
  const time = parseActivityTime(text(raw, 'activityDateTime'));
  if (time === undefined) {
    return undefined;
  }
  const initiator = prop(raw, 'initiatedBy');
  const user = prop(initiator, 'user');
  const app = prop(initiator, 'app');
  const initiatorUpn = text(user, 'userPrincipalName');
  const initiatorUserName = text(user, 'displayName');
  const initiatorUserId = text(user, 'id');
  const initiatorAppName = text(app, 'displayName');
  const initiatorAppId = text(app, 'appId');
  const rawTargets = list(raw, 'targetResources');

  const targets: AuditTarget[] = rawTargets.map((target) => ({
    id: text(target, 'id'),
    displayName: text(target, 'displayName'),
    type: text(target, 'type'),
    userPrincipalName: text(target, 'userPrincipalName'),
  }));

  return {
    id: text(raw, 'id'),
    time,
    activity: text(raw, 'activityDisplayName'),
    category: text(raw, 'category'),
    service: text(raw, 'loggedByService'),
    result: text(raw, 'result'),
    resultReason: text(raw, 'resultReason'),
    operationType: text(raw, 'operationType'),
    activityType: '',
    initiatedBy:
      initiatorUpn ||
      initiatorAppName ||
      initiatorUserName ||
      initiatorUserId ||
      text(app, 'servicePrincipalName') ||
      initiatorAppId,
    initiatorUpn,
    initiatorUserId,
    initiatorUserName,
    initiatorAppId,
    initiatorAppName,
    initiatorIp: text(user, 'ipAddress'),
    targets,
    correlationId: text(raw, 'correlationId'),
    additionalDetails: additionalDetailsOf(raw, 'key'),
    modifiedProperties: modifiedPropertiesOf(rawTargets, targets, 'displayName'),
  };
}
