import { guid, hex, pick, Random } from './random';
import { ModifiedProperty } from './types';

/**
 * The modified properties detection rules key on, with the exact names and value shapes Microsoft
 * logs (docs/reference detections.md §3): values are JSON-encoded strings, scalars quoted.
 */
const json = (value: unknown) => JSON.stringify(value);

/** Role.WellKnownObjectName for the privileged roles Sentinel's rules name (pairing per detections.md §4, inferred). */
const WELL_KNOWN_ROLE_NAMES: Record<string, string> = {
  'Global Administrator': 'TenantAdmins',
  'Privileged Role Administrator': 'PrivilegedRoleAdmins',
  'User Administrator': 'UserAccountAdmins',
  'Privileged Authentication Administrator': 'PrivilegedAuthenticationAdmins',
};

/**
 * A role assignment's properties on the member's target: new values on an add, old values on a
 * removal (Sentinel's rule 36 reads `Role.DisplayName` from oldValue).
 */
export function roleChanges(
  random: Random,
  role: { id: string; displayName: string },
  removal: boolean
): ModifiedProperty[] {
  const values: Array<[string, string]> = [
    ['Role.ObjectID', guid(random)],
    ['Role.DisplayName', role.displayName],
    ['Role.TemplateId', role.id],
  ];
  const wellKnown = WELL_KNOWN_ROLE_NAMES[role.displayName];
  if (wellKnown) {
    values.push(['Role.WellKnownObjectName', wellKnown]);
  }
  return values.map(([displayName, value]) =>
    removal
      ? { displayName, oldValue: json(value), newValue: '' }
      : { displayName, oldValue: '', newValue: json(value) }
  );
}

/** `[KeyIdentifier=…,KeyType=…,KeyUsage=…,DisplayName=…]`, one item of a `KeyDescription` list. */
function credentialKey(random: Random, type: 'Password' | 'AsymmetricX509Cert', description: string): string {
  return `[KeyIdentifier=${guid(random)},KeyType=${type},KeyUsage=Verify,DisplayName=${description}]`;
}

/**
 * A credential change: `KeyDescription` old and new lists (a new key added to none or to the
 * existing ones, or a key removed), then `Included Updated Properties`.
 */
export function credentialChanges(random: Random, removal: boolean): ModifiedProperty[] {
  const type = random() < 0.7 ? 'Password' : 'AsymmetricX509Cert';
  const existing = random() < 0.5 ? [] : [credentialKey(random, 'Password', 'rotation-2025')];
  const key = credentialKey(random, type, pick(random, ['ci-secret', 'prod', 'rotation-2026', 'deploy cert']));
  const [before, after] = removal ? [[...existing, key], existing] : [existing, [...existing, key]];
  return [
    { displayName: 'KeyDescription', oldValue: json(before), newValue: json(after) },
    { displayName: 'Included Updated Properties', oldValue: '', newValue: json('KeyDescription') },
  ];
}

/** Creating an application logs `KeyDescription` empty before and after: the credential rules' near-miss. */
export function applicationCreatedKeys(): ModifiedProperty[] {
  return [{ displayName: 'KeyDescription', oldValue: '[]', newValue: '[]' }];
}

const CONSENT_SCOPES = [
  'User.Read',
  'User.Read offline_access',
  'Mail.Read offline_access',
  'Files.Read.All',
  'User.Read Mail.ReadWrite Mail.Send offline_access',
];

/**
 * A consent: `ConsentContext.*` flags and `ConsentAction.Permissions`, which is not JSON but
 * Microsoft's `[[Id: …, ConsentType: …, Scope: …]]` text; admin consent is tenant-wide (AllPrincipals).
 */
export function consentChanges(random: Random, servicePrincipalId: string, appId: string): ModifiedProperty[] {
  const admin = random() < 0.4;
  const principal = admin ? '' : guid(random);
  const grant =
    `[] => [[Id: ${hex(random, 16)}, ClientId: ${servicePrincipalId}, PrincipalId: ${principal}, ` +
    `ResourceId: ${guid(random)}, ConsentType: ${admin ? 'AllPrincipals' : 'Principal'}, ` +
    `Scope:  ${pick(random, CONSENT_SCOPES)}, CreatedDateTime: , LastModifiedDateTime ]]; `;
  return [
    { displayName: 'ConsentContext.IsAdminConsent', oldValue: '', newValue: json(admin ? 'True' : 'False') },
    { displayName: 'ConsentContext.IsAppOnly', oldValue: '', newValue: json('False') },
    { displayName: 'ConsentContext.OnBehalfOfAll', oldValue: '', newValue: json(admin ? 'True' : 'False') },
    { displayName: 'ConsentContext.Tags', oldValue: '', newValue: json('WindowsAzureActiveDirectoryIntegratedApp') },
    { displayName: 'ConsentAction.Permissions', oldValue: '', newValue: json(grant) },
    { displayName: 'TargetId.ServicePrincipalNames', oldValue: '', newValue: json(appId) },
  ];
}

const POLICY_STATES = ['enabled', 'disabled', 'enabledForReportingButNotEnforced'];

/** A Conditional Access policy as Microsoft logs it (camelCase JSON, as in its troubleshooting article). */
function policyJson(random: Random, policy: { id: string; displayName: string }, state: string): string {
  return json({
    conditions: {
      applications: { excludeApplications: [], includeApplications: ['All'] },
      clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'],
      users: {
        excludeGroups: random() < 0.3 ? [guid(random)] : [],
        excludeRoles: [],
        excludeUsers: [],
        includeUsers: ['All'],
      },
    },
    displayName: policy.displayName,
    grantControls: { builtInControls: ['mfa'], operator: 'OR' },
    id: policy.id,
    state,
  });
}

/**
 * A Conditional Access change logs the whole policy, old and new: none before a creation, none
 * after a deletion. The property's name is not documented; `ConditionalAccessPolicy` is what this
 * emulator writes (rules read the first property, whatever its name).
 */
export function conditionalAccessChanges(
  random: Random,
  policy: { id: string; displayName: string },
  operation: string
): ModifiedProperty[] {
  const before = operation === 'Add' ? '' : policyJson(random, policy, 'enabled');
  const after = operation === 'Delete' ? '' : policyJson(random, policy, pick(random, POLICY_STATES));
  return [{ displayName: 'ConditionalAccessPolicy', oldValue: before, newValue: after }];
}
