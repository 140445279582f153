/**
 * Microsoft Entra ID audit activities as Microsoft logs them (Entra admin center → Audit logs,
 * "Microsoft Entra audit log activity reference"). Plain data with no imports: the editors offer
 * these as value pickers and template-variable values without walking the API, and the tenant
 * emulator draws its synthetic events from the same table (with its own mix, emulator/data/activityMix.ts).
 *
 * Names are exact as tenants log them, including the en dash and the trailing space of
 * "Update application – Certificates and secrets management ". conformance/tables/activity-names.json
 * records each name's source (and a few names the emulator does not generate); both engines read it
 * to push a typed name down as the logged spelling, and a test keeps the two equal.
 */

/** What the activity acted on, as Graph's targetResources[].type names it (legacy API: activityType). */
export type AuditTargetType =
  'User' | 'Group' | 'Application' | 'ServicePrincipal' | 'Role' | 'Policy' | 'Device' | 'Directory' | 'Other';

export type AuditOperationType = 'Add' | 'Update' | 'Delete' | 'Assign' | 'Unassign';

export interface AuditActivity {
  /** Graph `activityDisplayName`; the legacy API's `activity`. */
  activityDisplayName: string;
  /** Graph `category`. */
  category: string;
  /** Graph `loggedByService`. */
  loggedByService: string;
  operationType: AuditOperationType;
  targetType: AuditTargetType;
}

const CORE = 'Core Directory';

/** Logged with U+2013 EN DASH and a trailing space; Microsoft's docs table writes a hyphen and no space. */
export const APP_CREDENTIALS_ACTIVITY = 'Update application \u2013 Certificates and secrets management ';

type Row = readonly [string, string, string, AuditOperationType, AuditTargetType];

// activityDisplayName, category, loggedByService, operationType, targetType. How often each happens in
// the emulator's synthetic tenant is the emulator's business (emulator/data/activityMix.ts), not the plugin's.
const ROWS: readonly Row[] = [
  // UserManagement, Core Directory
  ['Add user', 'UserManagement', CORE, 'Add', 'User'],
  ['Update user', 'UserManagement', CORE, 'Update', 'User'],
  ['Delete user', 'UserManagement', CORE, 'Delete', 'User'],
  ['Hard delete user', 'UserManagement', CORE, 'Delete', 'User'],
  ['Restore user', 'UserManagement', CORE, 'Update', 'User'],
  ['Change user license', 'UserManagement', CORE, 'Update', 'User'],
  ['Change user password', 'UserManagement', CORE, 'Update', 'User'],
  ['Reset user password', 'UserManagement', CORE, 'Update', 'User'],
  ['Disable account', 'UserManagement', CORE, 'Update', 'User'],
  ['Set force change user password', 'UserManagement', CORE, 'Update', 'User'],
  ['Update StsRefreshTokenValidFrom Timestamp', 'UserManagement', CORE, 'Update', 'User'],
  // UserManagement, other services
  ['Reset password (self-service)', 'UserManagement', 'Self-service Password Management', 'Update', 'User'],
  ['Change password (self-service)', 'UserManagement', 'Self-service Password Management', 'Update', 'User'],
  [
    'Self-service password reset flow activity progress',
    'UserManagement',
    'Self-service Password Management',
    'Update',
    'User',
  ],
  ['Blocked from self-service password reset', 'UserManagement', 'Self-service Password Management', 'Update', 'User'],
  ['User registered security info', 'UserManagement', 'Authentication Methods', 'Add', 'User'],
  ['User deleted security info', 'UserManagement', 'Authentication Methods', 'Delete', 'User'],
  ['Invite external user', 'UserManagement', 'Invited Users', 'Add', 'User'],
  ['Redeem external user invite', 'UserManagement', 'Invited Users', 'Update', 'User'],
  // GroupManagement
  ['Add group', 'GroupManagement', CORE, 'Add', 'Group'],
  ['Update group', 'GroupManagement', CORE, 'Update', 'Group'],
  ['Delete group', 'GroupManagement', CORE, 'Delete', 'Group'],
  ['Add member to group', 'GroupManagement', CORE, 'Assign', 'Group'],
  ['Remove member from group', 'GroupManagement', CORE, 'Unassign', 'Group'],
  ['Add owner to group', 'GroupManagement', CORE, 'Assign', 'Group'],
  ['Remove owner from group', 'GroupManagement', CORE, 'Unassign', 'Group'],
  ['Renew group', 'GroupManagement', 'Self-service Group Management', 'Update', 'Group'],
  // ApplicationManagement
  ['Add application', 'ApplicationManagement', CORE, 'Add', 'Application'],
  ['Update application', 'ApplicationManagement', CORE, 'Update', 'Application'],
  ['Delete application', 'ApplicationManagement', CORE, 'Delete', 'Application'],
  [APP_CREDENTIALS_ACTIVITY, 'ApplicationManagement', CORE, 'Update', 'Application'],
  ['Add owner to application', 'ApplicationManagement', CORE, 'Assign', 'Application'],
  ['Remove owner from application', 'ApplicationManagement', CORE, 'Unassign', 'Application'],
  ['Add service principal', 'ApplicationManagement', CORE, 'Add', 'ServicePrincipal'],
  ['Update service principal', 'ApplicationManagement', CORE, 'Update', 'ServicePrincipal'],
  ['Remove service principal', 'ApplicationManagement', CORE, 'Delete', 'ServicePrincipal'],
  ['Add service principal credentials', 'ApplicationManagement', CORE, 'Update', 'ServicePrincipal'],
  ['Remove service principal credentials', 'ApplicationManagement', CORE, 'Update', 'ServicePrincipal'],
  ['Add app role assignment to service principal', 'ApplicationManagement', CORE, 'Assign', 'ServicePrincipal'],
  ['Add app role assignment grant to user', 'ApplicationManagement', CORE, 'Assign', 'User'],
  ['Consent to application', 'ApplicationManagement', CORE, 'Assign', 'ServicePrincipal'],
  ['Add delegated permission grant', 'ApplicationManagement', CORE, 'Assign', 'ServicePrincipal'],
  ['Remove delegated permission grant', 'ApplicationManagement', CORE, 'Unassign', 'ServicePrincipal'],
  // RoleManagement
  ['Add member to role', 'RoleManagement', CORE, 'Assign', 'Role'],
  ['Remove member from role', 'RoleManagement', CORE, 'Unassign', 'Role'],
  ['Add scoped member to role', 'RoleManagement', CORE, 'Assign', 'Role'],
  ['Add eligible member to role in PIM requested (permanent)', 'RoleManagement', 'PIM', 'Assign', 'Role'],
  ['Add member to role requested (PIM activation)', 'RoleManagement', 'PIM', 'Assign', 'Role'],
  ['Add member to role completed (PIM activation)', 'RoleManagement', 'PIM', 'Assign', 'Role'],
  ['Remove member from role (PIM activation expired)', 'RoleManagement', 'PIM', 'Unassign', 'Role'],
  // Policy
  ['Add policy', 'Policy', CORE, 'Add', 'Policy'],
  ['Update policy', 'Policy', CORE, 'Update', 'Policy'],
  ['Delete policy', 'Policy', CORE, 'Delete', 'Policy'],
  ['Add conditional access policy', 'Policy', 'Conditional Access', 'Add', 'Policy'],
  ['Update conditional access policy', 'Policy', 'Conditional Access', 'Update', 'Policy'],
  ['Delete conditional access policy', 'Policy', 'Conditional Access', 'Delete', 'Policy'],
  // DirectoryManagement
  ['Set company information', 'DirectoryManagement', CORE, 'Update', 'Directory'],
  ['Add unverified domain', 'DirectoryManagement', CORE, 'Add', 'Directory'],
  ['Verify domain', 'DirectoryManagement', CORE, 'Update', 'Directory'],
  ['Set directory feature on tenant', 'DirectoryManagement', CORE, 'Update', 'Directory'],
  // Device
  ['Add device', 'Device', CORE, 'Add', 'Device'],
  ['Update device', 'Device', CORE, 'Update', 'Device'],
  ['Delete device', 'Device', CORE, 'Delete', 'Device'],
  ['Add registered owner to device', 'Device', CORE, 'Assign', 'Device'],
  ['Register device', 'Device', 'Device Registration Service', 'Add', 'Device'],
  // ProvisioningManagement
  ['Export', 'ProvisioningManagement', 'Account Provisioning', 'Update', 'User'],
  ['Import', 'ProvisioningManagement', 'Account Provisioning', 'Update', 'User'],
  ['Synchronization rule action', 'ProvisioningManagement', 'Account Provisioning', 'Update', 'User'],
  // EntitlementManagement
  ['Create access package', 'EntitlementManagement', 'Entitlement Management', 'Add', 'Other'],
  ['User requests access package assignment', 'EntitlementManagement', 'Entitlement Management', 'Add', 'Other'],
  ['Approve access package assignment request', 'EntitlementManagement', 'Entitlement Management', 'Update', 'Other'],
  ['Remove access package assignment', 'EntitlementManagement', 'Entitlement Management', 'Delete', 'Other'],
];

export const AUDIT_ACTIVITIES: readonly AuditActivity[] = ROWS.map(
  ([activityDisplayName, category, loggedByService, operationType, targetType]) => ({
    activityDisplayName,
    category,
    loggedByService,
    operationType,
    targetType,
  })
);

/**
 * The legacy Azure AD Graph reporting API's `category` for each Graph service
 * (its documented values: Directory, SSPR, SSGM, Sync, Invited Users, MIM Service, IdentityProtection, ...).
 * Services the 2017 API never knew fall back to Directory.
 */
export const LEGACY_CATEGORY_BY_SERVICE: Readonly<Record<string, string>> = {
  'Core Directory': 'Directory',
  'Self-service Password Management': 'SSPR',
  'Self-service Group Management': 'SSGM',
  'Account Provisioning': 'Sync',
  'Invited Users': 'Invited Users',
  'Microsoft Identity Manager': 'MIM Service',
  'Identity Protection': 'IdentityProtection',
};

export function legacyCategoryOf(loggedByService: string): string {
  return LEGACY_CATEGORY_BY_SERVICE[loggedByService] ?? 'Directory';
}

function distinct(values: readonly string[]): string[] {
  return Array.from(new Set(values)).sort((a, b) => a.localeCompare(b));
}

export const ACTIVITY_NAMES: readonly string[] = distinct(AUDIT_ACTIVITIES.map((a) => a.activityDisplayName));
export const CATEGORIES: readonly string[] = distinct(AUDIT_ACTIVITIES.map((a) => a.category));
export const SERVICES: readonly string[] = distinct(AUDIT_ACTIVITIES.map((a) => a.loggedByService));
export const OPERATION_TYPES: readonly string[] = distinct(AUDIT_ACTIVITIES.map((a) => a.operationType));
export const TARGET_TYPES: readonly string[] = distinct(AUDIT_ACTIVITIES.map((a) => a.targetType));
/** Graph's operationResult enum as documented (unknownFutureValue is Graph's evolvable-enum sentinel). */
export const RESULTS: readonly string[] = ['success', 'failure', 'timeout'];

export function findActivity(activityDisplayName: string): AuditActivity | undefined {
  return AUDIT_ACTIVITIES.find((a) => a.activityDisplayName === activityDisplayName);
}
