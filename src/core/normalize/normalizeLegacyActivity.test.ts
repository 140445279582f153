import { NO_CHANGED_VALUES } from './changedValues';
import { normalizeLegacyActivity } from './normalizeLegacyActivity';

const NS = 'Microsoft.ActiveDirectory.DataService.PublicApi.Model.Reporting.AuditLog';

function activity(extra: Record<string, unknown> = {}) {
  return {
    id: 'l-1',
    tenantId: 'c0de',
    activityDate: '2026-11-20T10:40:00.1239999Z',
    category: 'Directory',
    activityType: 'User',
    activity: 'Add user',
    activityOperationType: 'Add',
    activityResultStatus: 'Failure',
    activityResultDescription: 'Blocked',
    correlationId: 'c-1',
    actor: {
      '@odata.type': `${NS}.ActorUserEntity`,
      name: 'Admin',
      objectId: 'u-1',
      userPrincipalName: 'admin@contoso.com',
      ipAddress: '10.0.0.9',
    },
    targets: [
      {
        '@odata.type': `${NS}.TargetResourceGroupEntity`,
        name: 'Finance',
        objectId: 'g-1',
        modifiedProperties: [{ name: 'Member', oldValue: '[]', newValue: '["alice"]' }],
      },
      { '@odata.type': 'unknown', name: '', objectId: 'u-2', userPrincipalName: 'alice@contoso.com' },
    ],
    targetResourceType: 'Group',
    additionalDetails: [{ name: 'EventName', value: 'EntryExportAdd' }],
    ipAddress: '10.0.0.1',
    ...extra,
  };
}

describe('normalizeLegacyActivity', () => {
  it('maps the legacy schema onto the same event as Graph', () => {
    expect(normalizeLegacyActivity(activity())).toEqual({
      id: 'l-1',
      time: Date.parse('2026-11-20T10:40:00.123Z'),
      activity: 'Add user',
      category: 'Directory',
      service: '',
      result: 'failure',
      resultReason: 'Blocked',
      operationType: 'Add',
      activityType: 'User',
      initiatedBy: 'admin@contoso.com',
      initiatorUpn: 'admin@contoso.com',
      initiatorUserId: 'u-1',
      initiatorUserName: 'Admin',
      initiatorAppId: '',
      initiatorAppName: '',
      initiatorIp: '10.0.0.9',
      initiatorServicePrincipalId: '',
      userAgent: '',
      targets: [
        { id: 'g-1', displayName: 'Finance', type: 'Group', userPrincipalName: '' },
        // Only the first target falls back to targetResourceType.
        { id: 'u-2', displayName: '', type: '', userPrincipalName: 'alice@contoso.com' },
      ],
      correlationId: 'c-1',
      additionalDetails: [{ key: 'EventName', value: 'EntryExportAdd' }],
      modifiedProperties: [{ target: 'Finance', displayName: 'Member', oldValue: '[]', newValue: '["alice"]' }],
      changes: { ...NO_CHANGED_VALUES, groupName: 'Finance' },
    });
  });

  it('reads an application actor as the app, with the batch IP', () => {
    const event = normalizeLegacyActivity(
      activity({
        actor: { '@odata.type': `${NS}.ActorApplicationEntity`, name: 'HR Sync', objectId: 'sp-1', appId: 'app-1' },
      })
    )!;
    expect(event).toMatchObject({
      initiatedBy: 'HR Sync',
      initiatorAppName: 'HR Sync',
      initiatorAppId: 'app-1',
      initiatorUserName: '',
      initiatorUserId: '',
      initiatorUpn: '',
      initiatorIp: '10.0.0.1',
    });
  });

  it('treats an untyped actor with a UPN as a user, and a missing actor as nobody', () => {
    expect(
      normalizeLegacyActivity(activity({ actor: { name: 'Jo', userPrincipalName: 'jo@contoso.com' } }))
    ).toMatchObject({
      initiatedBy: 'jo@contoso.com',
      initiatorUserName: 'Jo',
    });
    expect(normalizeLegacyActivity(activity({ actor: null }))).toMatchObject({
      initiatedBy: '',
      initiatorIp: '10.0.0.1',
    });
  });

  it('reads the result from activityStatus 0 / -1 when there is no activityResultStatus', () => {
    expect(normalizeLegacyActivity(activity({ activityResultStatus: undefined, activityStatus: 0 }))?.result).toBe(
      'success'
    );
    expect(normalizeLegacyActivity(activity({ activityResultStatus: '', activityStatus: -1 }))?.result).toBe('failure');
    expect(normalizeLegacyActivity(activity({ activityResultStatus: undefined }))?.result).toBe('');
    expect(normalizeLegacyActivity(activity({ activityResultStatus: 'Success' }))?.result).toBe('success');
  });

  it('falls back to activityDateInMillis, and reports an event with neither time as unreadable', () => {
    expect(normalizeLegacyActivity(activity({ activityDate: null, activityDateInMillis: 1795170600000 }))?.time).toBe(
      1795170600000
    );
    expect(normalizeLegacyActivity(activity({ activityDate: 'yesterday' }))).toBeUndefined();
    expect(normalizeLegacyActivity(activity({ activityDate: null, activityDateInMillis: 'soon' }))).toBeUndefined();
  });

  it('keeps a missing targets or details list as empty lists', () => {
    expect(normalizeLegacyActivity(activity({ targets: null, additionalDetails: undefined }))).toMatchObject({
      targets: [],
      additionalDetails: [],
      modifiedProperties: [],
    });
  });
});
