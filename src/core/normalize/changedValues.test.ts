import { AuditTarget } from '../model/event';
import { changedValuesOf, NO_CHANGED_VALUES, plainValue } from './changedValues';
import { normalizeDirectoryAudit } from './normalizeDirectoryAudit';
import { typeFromODataType } from './targetType';

const property = (displayName: string, oldValue: string, newValue: string) => ({
  target: 't',
  displayName,
  oldValue,
  newValue,
});
const target = (type: string, displayName = ''): AuditTarget => ({ id: 'x', displayName, type, userPrincipalName: '' });
const q = (value: unknown) => JSON.stringify(value);

describe('plainValue', () => {
  it('reads a quoted scalar as its text and an array of strings as its items', () => {
    expect(plainValue(q('Global Administrator'))).toBe('Global Administrator');
    expect(plainValue(q(['Sales', 'Ops']))).toBe('Sales, Ops');
    expect(plainValue('[]')).toBe('');
  });

  it('keeps anything else exactly as sent, never throwing', () => {
    for (const odd of ['[true]', '{"a":1}', '"unterminated', '["a", ]', 'plain text', '', '[["a"]]', '["a", null]']) {
      expect(plainValue(odd)).toBe(odd);
    }
  });
});

describe('changedValuesOf', () => {
  it('reads a role assignment, names compared ignoring case', () => {
    const changes = changedValuesOf(
      [property('ROLE.displayName', '', q('Global Administrator')), property('Role.TemplateId', '', q('62e9'))],
      []
    );
    expect(changes).toMatchObject({ roleName: 'Global Administrator', roleTemplateId: '62e9' });
  });

  it('reads a removal from the old value, and the Role target when no property names the role', () => {
    expect(changedValuesOf([property('Role.DisplayName', q('User Administrator'), '')], []).roleName).toBe(
      'User Administrator'
    );
    expect(changedValuesOf([], [target('Role', 'Security Reader')]).roleName).toBe('Security Reader');
  });

  it('reads the added credential key, else the removed one, and nothing when the keys did not change', () => {
    const k1 = '[KeyIdentifier=1,KeyType=Password,KeyUsage=Verify,DisplayName=ci, prod]';
    const k2 = '[KeyIdentifier=2,KeyType=AsymmetricX509Cert,KeyUsage=Sign,DisplayName=old]';
    const added = changedValuesOf([property('KeyDescription', q([k2]), q([k2, k1]))], []);
    expect(added).toMatchObject({ keyType: 'Password', keyUsage: 'Verify', keyDescription: 'ci, prod' });
    const removed = changedValuesOf([property('KeyDescription', q([k1, k2]), q([k1]))], []);
    expect(removed).toMatchObject({ keyType: 'AsymmetricX509Cert', keyUsage: 'Sign', keyDescription: 'old' });
    expect(changedValuesOf([property('KeyDescription', '[]', '[]')], [])).toEqual(NO_CHANGED_VALUES);
  });

  it("reads a consent's scopes and admin-consent flag", () => {
    const permissions = '[[Id: g, ConsentType: AllPrincipals, Scope:  User.Read Mail.Read, CreatedDateTime: ]]';
    const changes = changedValuesOf(
      [
        property('ConsentContext.IsAdminConsent', '', q('True')),
        property('ConsentAction.Permissions', '', q(permissions)),
      ],
      []
    );
    expect(changes).toMatchObject({ consentPermissions: 'User.Read Mail.Read', adminConsent: 'true' });
  });

  it("reads a Conditional Access policy's name and state only on a policy target", () => {
    const policy = (state: string) => q({ displayName: 'Require MFA', state });
    const properties = [property('ConditionalAccessPolicy', policy('enabled'), policy('disabled'))];
    expect(changedValuesOf(properties, [target('Policy', 'Require MFA')])).toMatchObject({
      policyName: 'Require MFA',
      policyState: 'disabled',
    });
    expect(changedValuesOf(properties, [target('User')]).policyState).toBe('');
  });

  it('reads a group from Group.DisplayName', () => {
    expect(changedValuesOf([property('Group.DisplayName', '', q('Tier 0'))], []).groupName).toBe('Tier 0');
  });
});

describe('investigation fields', () => {
  const raw = {
    activityDateTime: '2026-11-20T10:00:00Z',
    userAgent: 'Edge',
    initiatedBy: { app: { appId: 'a', servicePrincipalId: 'sp', displayName: 'Bot' } },
    additionalDetails: [{ key: 'User-Agent', value: 'detail' }],
    targetResources: [{ '@odata.type': '#microsoft.graph.TargetResourceGroup', id: 'g' }],
  };

  it("reads beta's userAgent, the service principal id and a target typed only by @odata.type", () => {
    const event = normalizeDirectoryAudit(raw)!;
    expect(event.userAgent).toBe('Edge');
    expect(event.initiatorServicePrincipalId).toBe('sp');
    expect(event.targets[0].type).toBe('Group');
  });

  it('falls back to the User-Agent detail, and reads no type from a generic @odata.type', () => {
    expect(normalizeDirectoryAudit({ ...raw, userAgent: undefined })!.userAgent).toBe('detail');
    expect(typeFromODataType('#microsoft.graph.targetResource')).toBe('');
    expect(typeFromODataType('#microsoft.graph.user')).toBe('User');
  });

  it('reads a non-text @odata.type as a malformed event, as Go does', () => {
    expect(normalizeDirectoryAudit({ ...raw, targetResources: [{ type: 'User', '@odata.type': 7 }] })).toBeUndefined();
  });
});
