import { SyntheticEvent } from '../data/types';
import { formatInstant } from '../odata/instant';

/** A directoryAudit as Microsoft Graph serialises it (v1.0; beta adds userAgent and auditUserIdentity's tenant). */
export function renderDirectoryAudit(
  event: SyntheticEvent,
  version: 'v1.0' | 'beta',
  tenant: { id: string; name: string }
) {
  const user = event.initiatorUser;
  const app = event.initiatorApp;
  const rendered: Record<string, unknown> = {
    id: event.id,
    category: event.activity.category,
    correlationId: event.correlationId,
    result: event.result,
    resultReason: event.resultReason,
    activityDisplayName: event.activity.activityDisplayName,
    activityDateTime: formatInstant(event.time),
    loggedByService: event.activity.loggedByService,
    operationType: event.activity.operationType,
    initiatedBy: {
      app: app
        ? {
            appId: app.appId,
            displayName: app.displayName,
            servicePrincipalId: app.servicePrincipalId,
            servicePrincipalName: null,
          }
        : null,
      user: user
        ? {
            id: user.id,
            displayName: user.displayName,
            userPrincipalName: user.userPrincipalName,
            ipAddress: event.ipAddress,
            userType: null,
            homeTenantId: user.userType === 'Guest' ? null : tenant.id,
            homeTenantName: null,
          }
        : null,
    },
    targetResources: event.targets.map((t) => ({
      id: t.id,
      displayName: t.displayName,
      type: t.type,
      userPrincipalName: t.userPrincipalName,
      groupType: t.groupType,
      modifiedProperties: t.modifiedProperties.map((p) => ({
        displayName: p.displayName,
        oldValue: p.oldValue === '' ? null : p.oldValue,
        newValue: p.newValue,
      })),
    })),
    additionalDetails: event.additionalDetails.map((d) => ({ key: d.key, value: d.value })),
  };
  if (version === 'beta') {
    rendered.userAgent = event.userAgent ?? '';
  }
  return rendered;
}

/** `$select` projection; unknown names are refused before this is called. */
export function selectProperties(rendered: Record<string, unknown>, select: string[] | undefined) {
  if (!select) {
    return rendered;
  }
  const out: Record<string, unknown> = {};
  for (const name of select) {
    out[name] = rendered[name];
  }
  return out;
}

export const DIRECTORY_AUDIT_PROPERTIES = [
  'id',
  'category',
  'correlationId',
  'result',
  'resultReason',
  'activityDisplayName',
  'activityDateTime',
  'loggedByService',
  'operationType',
  'initiatedBy',
  'targetResources',
  'additionalDetails',
];
