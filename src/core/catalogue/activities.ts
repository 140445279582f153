/**
 * Microsoft Entra ID audit activities as Microsoft logs them (Entra admin center → Audit logs,
 * "Microsoft Entra audit log activity reference"). Plain data with no imports: the editors offer
 * these as value pickers and template-variable values without walking the API, and the tenant
 * emulator draws its synthetic events from the same table.
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
  /** Relative frequency in a typical tenant (the emulator's mix); not a Microsoft figure. */
  weight: number;
  /** Share of failures in a typical tenant (the emulator's mix); not a Microsoft figure. */
  failureRate: number;
  /** Who usually starts it: a signed-in admin/user, an app (sync, provisioning, Microsoft services), or both. */
  initiator: 'user' | 'app' | 'either';
}

const CORE = 'Core Directory';

/** Logged with U+2013 EN DASH and a trailing space; Microsoft's docs table writes a hyphen and no space. */
export const APP_CREDENTIALS_ACTIVITY = 'Update application \u2013 Certificates and secrets management ';

function row(
  activityDisplayName: string,
  category: string,
  loggedByService: string,
  operationType: AuditOperationType,
  targetType: AuditTargetType,
  weight: number,
  failureRate: number,
  initiator: AuditActivity['initiator']
): AuditActivity {
  return { activityDisplayName, category, loggedByService, operationType, targetType, weight, failureRate, initiator };
}

export const AUDIT_ACTIVITIES: readonly AuditActivity[] = [
  // UserManagement, Core Directory
  row('Add user', 'UserManagement', CORE, 'Add', 'User', 30, 0.03, 'either'),
  row('Update user', 'UserManagement', CORE, 'Update', 'User', 120, 0.02, 'either'),
  row('Delete user', 'UserManagement', CORE, 'Delete', 'User', 8, 0.04, 'either'),
  row('Hard delete user', 'UserManagement', CORE, 'Delete', 'User', 2, 0.02, 'app'),
  row('Restore user', 'UserManagement', CORE, 'Update', 'User', 1, 0.05, 'user'),
  row('Change user license', 'UserManagement', CORE, 'Update', 'User', 15, 0.05, 'either'),
  row('Change user password', 'UserManagement', CORE, 'Update', 'User', 10, 0.08, 'user'),
  row('Reset user password', 'UserManagement', CORE, 'Update', 'User', 8, 0.06, 'user'),
  row('Disable account', 'UserManagement', CORE, 'Update', 'User', 4, 0.02, 'either'),
  row('Set force change user password', 'UserManagement', CORE, 'Update', 'User', 3, 0.02, 'user'),
  row('Update StsRefreshTokenValidFrom Timestamp', 'UserManagement', CORE, 'Update', 'User', 12, 0, 'app'),
  // UserManagement, other services
  row(
    'Reset password (self-service)',
    'UserManagement',
    'Self-service Password Management',
    'Update',
    'User',
    14,
    0.15,
    'user'
  ),
  row(
    'Change password (self-service)',
    'UserManagement',
    'Self-service Password Management',
    'Update',
    'User',
    10,
    0.1,
    'user'
  ),
  row(
    'Self-service password reset flow activity progress',
    'UserManagement',
    'Self-service Password Management',
    'Update',
    'User',
    25,
    0.2,
    'user'
  ),
  row(
    'Blocked from self-service password reset',
    'UserManagement',
    'Self-service Password Management',
    'Update',
    'User',
    2,
    1,
    'user'
  ),
  row('User registered security info', 'UserManagement', 'Authentication Methods', 'Add', 'User', 12, 0.04, 'user'),
  row('User deleted security info', 'UserManagement', 'Authentication Methods', 'Delete', 'User', 3, 0.02, 'user'),
  row('Invite external user', 'UserManagement', 'Invited Users', 'Add', 'User', 6, 0.05, 'user'),
  row('Redeem external user invite', 'UserManagement', 'Invited Users', 'Update', 'User', 4, 0.08, 'user'),
  // GroupManagement
  row('Add group', 'GroupManagement', CORE, 'Add', 'Group', 6, 0.02, 'either'),
  row('Update group', 'GroupManagement', CORE, 'Update', 'Group', 20, 0.02, 'either'),
  row('Delete group', 'GroupManagement', CORE, 'Delete', 'Group', 2, 0.03, 'user'),
  row('Add member to group', 'GroupManagement', CORE, 'Assign', 'Group', 60, 0.03, 'either'),
  row('Remove member from group', 'GroupManagement', CORE, 'Unassign', 'Group', 25, 0.03, 'either'),
  row('Add owner to group', 'GroupManagement', CORE, 'Assign', 'Group', 4, 0.02, 'user'),
  row('Remove owner from group', 'GroupManagement', CORE, 'Unassign', 'Group', 2, 0.02, 'user'),
  row('Renew group', 'GroupManagement', 'Self-service Group Management', 'Update', 'Group', 3, 0.02, 'app'),
  // ApplicationManagement
  row('Add application', 'ApplicationManagement', CORE, 'Add', 'Application', 3, 0.03, 'user'),
  row('Update application', 'ApplicationManagement', CORE, 'Update', 'Application', 10, 0.03, 'user'),
  row('Delete application', 'ApplicationManagement', CORE, 'Delete', 'Application', 1, 0.02, 'user'),
  row(
    APP_CREDENTIALS_ACTIVITY,
    'ApplicationManagement',
    CORE,
    'Update',
    'Application',
    4,
    0.03,
    'user'
  ),
  row('Add owner to application', 'ApplicationManagement', CORE, 'Assign', 'Application', 2, 0.02, 'user'),
  row('Remove owner from application', 'ApplicationManagement', CORE, 'Unassign', 'Application', 1, 0.02, 'user'),
  row('Add service principal', 'ApplicationManagement', CORE, 'Add', 'ServicePrincipal', 4, 0.03, 'either'),
  row('Update service principal', 'ApplicationManagement', CORE, 'Update', 'ServicePrincipal', 12, 0.02, 'either'),
  row('Remove service principal', 'ApplicationManagement', CORE, 'Delete', 'ServicePrincipal', 1, 0.02, 'user'),
  row(
    'Add service principal credentials',
    'ApplicationManagement',
    CORE,
    'Update',
    'ServicePrincipal',
    2,
    0.03,
    'either'
  ),
  row(
    'Remove service principal credentials',
    'ApplicationManagement',
    CORE,
    'Update',
    'ServicePrincipal',
    1,
    0.02,
    'either'
  ),
  row(
    'Add app role assignment to service principal',
    'ApplicationManagement',
    CORE,
    'Assign',
    'ServicePrincipal',
    5,
    0.04,
    'user'
  ),
  row('Add app role assignment grant to user', 'ApplicationManagement', CORE, 'Assign', 'User', 15, 0.03, 'either'),
  row('Consent to application', 'ApplicationManagement', CORE, 'Assign', 'ServicePrincipal', 5, 0.1, 'user'),
  row('Add delegated permission grant', 'ApplicationManagement', CORE, 'Assign', 'ServicePrincipal', 4, 0.03, 'user'),
  row(
    'Remove delegated permission grant',
    'ApplicationManagement',
    CORE,
    'Unassign',
    'ServicePrincipal',
    1,
    0.02,
    'user'
  ),
  // RoleManagement
  row('Add member to role', 'RoleManagement', CORE, 'Assign', 'Role', 4, 0.05, 'user'),
  row('Remove member from role', 'RoleManagement', CORE, 'Unassign', 'Role', 3, 0.03, 'user'),
  row('Add scoped member to role', 'RoleManagement', CORE, 'Assign', 'Role', 1, 0.04, 'user'),
  row(
    'Add eligible member to role in PIM requested (permanent)',
    'RoleManagement',
    'PIM',
    'Assign',
    'Role',
    1,
    0.05,
    'user'
  ),
  row('Add member to role requested (PIM activation)', 'RoleManagement', 'PIM', 'Assign', 'Role', 6, 0.06, 'user'),
  row('Add member to role completed (PIM activation)', 'RoleManagement', 'PIM', 'Assign', 'Role', 6, 0.02, 'app'),
  row('Remove member from role (PIM activation expired)', 'RoleManagement', 'PIM', 'Unassign', 'Role', 5, 0, 'app'),
  // Policy
  row('Add policy', 'Policy', CORE, 'Add', 'Policy', 1, 0.02, 'user'),
  row('Update policy', 'Policy', CORE, 'Update', 'Policy', 3, 0.02, 'user'),
  row('Delete policy', 'Policy', CORE, 'Delete', 'Policy', 1, 0.02, 'user'),
  row('Add conditional access policy', 'Policy', 'Conditional Access', 'Add', 'Policy', 1, 0.03, 'user'),
  row('Update conditional access policy', 'Policy', 'Conditional Access', 'Update', 'Policy', 3, 0.03, 'user'),
  row('Delete conditional access policy', 'Policy', 'Conditional Access', 'Delete', 'Policy', 1, 0.02, 'user'),
  // DirectoryManagement
  row('Set company information', 'DirectoryManagement', CORE, 'Update', 'Directory', 1, 0.02, 'user'),
  row('Add unverified domain', 'DirectoryManagement', CORE, 'Add', 'Directory', 1, 0.05, 'user'),
  row('Verify domain', 'DirectoryManagement', CORE, 'Update', 'Directory', 1, 0.2, 'user'),
  row('Set directory feature on tenant', 'DirectoryManagement', CORE, 'Update', 'Directory', 1, 0.02, 'app'),
  // Device
  row('Add device', 'Device', CORE, 'Add', 'Device', 12, 0.03, 'app'),
  row('Update device', 'Device', CORE, 'Update', 'Device', 30, 0.02, 'app'),
  row('Delete device', 'Device', CORE, 'Delete', 'Device', 3, 0.02, 'either'),
  row('Add registered owner to device', 'Device', CORE, 'Assign', 'Device', 8, 0.02, 'app'),
  row('Register device', 'Device', 'Device Registration Service', 'Add', 'Device', 10, 0.06, 'user'),
  // ProvisioningManagement
  row('Export', 'ProvisioningManagement', 'Account Provisioning', 'Update', 'User', 20, 0.07, 'app'),
  row('Import', 'ProvisioningManagement', 'Account Provisioning', 'Update', 'User', 15, 0.04, 'app'),
  row(
    'Synchronization rule action',
    'ProvisioningManagement',
    'Account Provisioning',
    'Update',
    'User',
    15,
    0.05,
    'app'
  ),
  // EntitlementManagement
  row('Create access package', 'EntitlementManagement', 'Entitlement Management', 'Add', 'Other', 1, 0.02, 'user'),
  row(
    'User requests access package assignment',
    'EntitlementManagement',
    'Entitlement Management',
    'Add',
    'Other',
    4,
    0.05,
    'user'
  ),
  row(
    'Approve access package assignment request',
    'EntitlementManagement',
    'Entitlement Management',
    'Update',
    'Other',
    3,
    0.02,
    'user'
  ),
  row(
    'Remove access package assignment',
    'EntitlementManagement',
    'Entitlement Management',
    'Delete',
    'Other',
    2,
    0.02,
    'app'
  ),
];

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
