import { legacyCategoryOf } from '../../src/core/catalogue/activities';
import { SyntheticEvent } from '../data/types';
import { formatInstant } from '../odata/instant';
import { LEGACY_NAMESPACE } from './legacyDialect';

/**
 * An audit record of the legacy reporting API. Microsoft never documented the response entity;
 * the field names follow its filter names (§5.3) and what third-party consumers read (§5.4:
 * a Microsoft PM's provisioning script and Exabeam's parsers).
 */
export function renderLegacyActivity(event: SyntheticEvent, tenantId: string) {
  const user = event.initiatorUser;
  const app = event.initiatorApp;
  const actor = user
    ? {
        '@odata.type': `${LEGACY_NAMESPACE}.ActorUserEntity`,
        name: user.displayName,
        objectId: user.id,
        userPrincipalName: user.userPrincipalName,
        ipAddress: event.ipAddress,
      }
    : {
        '@odata.type': `${LEGACY_NAMESPACE}.ActorApplicationEntity`,
        name: app?.displayName ?? null,
        objectId: app?.servicePrincipalId ?? null,
        appId: app?.appId ?? null,
      };
  return {
    id: event.id,
    tenantId,
    activityDate: formatInstant(event.time),
    activityDateInMillis: event.time.ms,
    category: legacyCategoryOf(event.activity.loggedByService),
    activityType: event.targets[0]?.type ?? 'Other',
    activity: event.activity.activityDisplayName,
    activityOperationType: event.activity.operationType,
    activityResultStatus: event.result === 'success' ? 'Success' : 'Failure',
    activityResultDescription: event.resultReason,
    correlationId: event.correlationId,
    actor,
    targets: event.targets.map((t) => ({
      '@odata.type': `${LEGACY_NAMESPACE}.TargetResource${t.type}Entity`,
      name: t.displayName ?? t.userPrincipalName,
      objectId: t.id,
      userPrincipalName: t.userPrincipalName,
      modifiedProperties: t.modifiedProperties.map((p) => ({
        name: p.displayName,
        oldValue: p.oldValue,
        newValue: p.newValue,
      })),
    })),
    targetResourceType: event.targets[0]?.type ?? 'Other',
    additionalDetails: event.additionalDetails.map((d) => ({ name: d.key, value: d.value })),
    ipAddress: event.ipAddress,
    userAgent: event.userAgent,
  };
}
