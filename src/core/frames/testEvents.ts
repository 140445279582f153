import { AuditEvent } from '../model/event';
import { NO_CHANGED_VALUES } from '../normalize/changedValues';

/** A readable AuditEvent for frame tests; only what a test names differs from the defaults. */
export function auditEvent(id: string, time: string, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id,
    time: Date.parse(time),
    activity: 'Add user',
    category: 'UserManagement',
    service: 'Core Directory',
    result: 'success',
    resultReason: '',
    operationType: 'Add',
    activityType: '',
    initiatedBy: 'admin@contoso.com',
    initiatorUpn: 'admin@contoso.com',
    initiatorUserId: 'u-admin',
    initiatorUserName: 'Admin',
    initiatorAppId: '',
    initiatorAppName: '',
    initiatorServicePrincipalId: '',
    userAgent: '',
    initiatorIp: '10.0.0.1',
    targets: [{ id: `t-${id}`, displayName: 'Jo', type: 'User', userPrincipalName: 'jo@contoso.com' }],
    correlationId: `c-${id}`,
    additionalDetails: [],
    modifiedProperties: [],
    changes: NO_CHANGED_VALUES,
    ...overrides,
  };
}
