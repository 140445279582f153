import { APP_CREDENTIALS_ACTIVITY, AUDIT_ACTIVITIES, AuditActivity } from '../../src/core/catalogue/activities';

/**
 * The emulator's synthetic tenant: how often each catalogue activity happens (relative weight), the
 * share of it that fails, and who usually starts it (a signed-in admin or user, an app such as sync,
 * provisioning or a Microsoft service, or either). Invented figures for a plausible tenant, not
 * Microsoft's; kept here so they never ship in the plugin bundle, which needs only the names.
 */
export interface ActivityMix {
  weight: number;
  failureRate: number;
  initiator: 'user' | 'app' | 'either';
}

export type EmulatedActivity = AuditActivity & ActivityMix;

type MixRow = readonly [weight: number, failureRate: number, initiator: ActivityMix['initiator']];

/** By activityDisplayName, in the catalogue's order. */
export const ACTIVITY_MIX: Readonly<Record<string, MixRow>> = {
  // UserManagement, Core Directory
  'Add user': [30, 0.03, 'either'],
  'Update user': [120, 0.02, 'either'],
  'Delete user': [8, 0.04, 'either'],
  'Hard delete user': [2, 0.02, 'app'],
  'Restore user': [1, 0.05, 'user'],
  'Change user license': [15, 0.05, 'either'],
  'Change user password': [10, 0.08, 'user'],
  'Reset user password': [8, 0.06, 'user'],
  'Disable account': [4, 0.02, 'either'],
  'Set force change user password': [3, 0.02, 'user'],
  'Update StsRefreshTokenValidFrom Timestamp': [12, 0, 'app'],
  // UserManagement, other services
  'Reset password (self-service)': [14, 0.15, 'user'],
  'Change password (self-service)': [10, 0.1, 'user'],
  'Self-service password reset flow activity progress': [25, 0.2, 'user'],
  'Blocked from self-service password reset': [2, 1, 'user'],
  'User registered security info': [12, 0.04, 'user'],
  'User deleted security info': [3, 0.02, 'user'],
  'Invite external user': [6, 0.05, 'user'],
  'Redeem external user invite': [4, 0.08, 'user'],
  // GroupManagement
  'Add group': [6, 0.02, 'either'],
  'Update group': [20, 0.02, 'either'],
  'Delete group': [2, 0.03, 'user'],
  'Add member to group': [60, 0.03, 'either'],
  'Remove member from group': [25, 0.03, 'either'],
  'Add owner to group': [4, 0.02, 'user'],
  'Remove owner from group': [2, 0.02, 'user'],
  'Renew group': [3, 0.02, 'app'],
  // ApplicationManagement
  'Add application': [3, 0.03, 'user'],
  'Update application': [10, 0.03, 'user'],
  'Delete application': [1, 0.02, 'user'],
  [APP_CREDENTIALS_ACTIVITY]: [4, 0.03, 'user'],
  'Add owner to application': [2, 0.02, 'user'],
  'Remove owner from application': [1, 0.02, 'user'],
  'Add service principal': [4, 0.03, 'either'],
  'Update service principal': [12, 0.02, 'either'],
  'Remove service principal': [1, 0.02, 'user'],
  'Add service principal credentials': [2, 0.03, 'either'],
  'Remove service principal credentials': [1, 0.02, 'either'],
  'Add app role assignment to service principal': [5, 0.04, 'user'],
  'Add app role assignment grant to user': [15, 0.03, 'either'],
  'Consent to application': [5, 0.1, 'user'],
  'Add delegated permission grant': [4, 0.03, 'user'],
  'Remove delegated permission grant': [1, 0.02, 'user'],
  // RoleManagement
  'Add member to role': [4, 0.05, 'user'],
  'Remove member from role': [3, 0.03, 'user'],
  'Add scoped member to role': [1, 0.04, 'user'],
  'Add eligible member to role in PIM requested (permanent)': [1, 0.05, 'user'],
  'Add member to role requested (PIM activation)': [6, 0.06, 'user'],
  'Add member to role completed (PIM activation)': [6, 0.02, 'app'],
  'Remove member from role (PIM activation expired)': [5, 0, 'app'],
  // Policy
  'Add policy': [1, 0.02, 'user'],
  'Update policy': [3, 0.02, 'user'],
  'Delete policy': [1, 0.02, 'user'],
  'Add conditional access policy': [1, 0.03, 'user'],
  'Update conditional access policy': [3, 0.03, 'user'],
  'Delete conditional access policy': [1, 0.02, 'user'],
  // DirectoryManagement
  'Set company information': [1, 0.02, 'user'],
  'Add unverified domain': [1, 0.05, 'user'],
  'Verify domain': [1, 0.2, 'user'],
  'Set directory feature on tenant': [1, 0.02, 'app'],
  // Device
  'Add device': [12, 0.03, 'app'],
  'Update device': [30, 0.02, 'app'],
  'Delete device': [3, 0.02, 'either'],
  'Add registered owner to device': [8, 0.02, 'app'],
  'Register device': [10, 0.06, 'user'],
  // ProvisioningManagement
  Export: [20, 0.07, 'app'],
  Import: [15, 0.04, 'app'],
  'Synchronization rule action': [15, 0.05, 'app'],
  // EntitlementManagement
  'Create access package': [1, 0.02, 'user'],
  'User requests access package assignment': [4, 0.05, 'user'],
  'Approve access package assignment request': [3, 0.02, 'user'],
  'Remove access package assignment': [2, 0.02, 'app'],
};

function withMix(activity: AuditActivity): EmulatedActivity {
  const row = ACTIVITY_MIX[activity.activityDisplayName];
  if (row === undefined) {
    throw new Error(
      `the catalogue activity "${activity.activityDisplayName}" has no mix; add its weight, failure rate and initiator to emulator/data/activityMix.ts`
    );
  }
  const [weight, failureRate, initiator] = row;
  return { ...activity, weight, failureRate, initiator };
}

/** The catalogue with the emulator's mix, in the catalogue's order (the generator's draws depend on it). */
export const EMULATED_ACTIVITIES: readonly EmulatedActivity[] = AUDIT_ACTIVITIES.map(withMix);

export function findEmulatedActivity(activityDisplayName: string): EmulatedActivity | undefined {
  return EMULATED_ACTIVITIES.find((a) => a.activityDisplayName === activityDisplayName);
}
