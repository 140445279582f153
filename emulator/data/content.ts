import { EmulatedActivity } from './activityMix';
import { Directory } from './directory';
import { guid, hex, pick, Random } from './random';
import {
  applicationCreatedKeys,
  conditionalAccessChanges,
  consentChanges,
  credentialChanges,
  roleChanges,
} from './securityChanges';
import { AppIdentity, ModifiedProperty, TargetResource, UserIdentity } from './types';

/** The parts of an event that depend on what happened: who did it, to what, and what changed. */
export interface EventContent {
  initiatorUser: UserIdentity | null;
  initiatorApp: AppIdentity | null;
  targets: TargetResource[];
  additionalDetails: Array<{ key: string; value: string }>;
}

const SELF_SERVICE = new Set(['Self-service Password Management', 'Authentication Methods', 'Invited Users']);
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'PowerShell/7.4 Microsoft.Graph/2.25',
];

export function userAgentFor(random: Random): string {
  return pick(random, USER_AGENTS);
}

export function ipFor(random: Random): string {
  return pick(random, ['203.0.113.', '198.51.100.', '192.0.2.', '10.20.']) + Math.floor(1 + random() * 250);
}

const json = (value: unknown) => JSON.stringify(value);

function userTarget(user: UserIdentity, modifiedProperties: ModifiedProperty[] = []): TargetResource {
  return {
    id: user.id,
    displayName: null,
    type: 'User',
    userPrincipalName: user.userPrincipalName,
    groupType: null,
    modifiedProperties,
  };
}

function objectTarget(
  id: string,
  displayName: string,
  type: string,
  modifiedProperties: ModifiedProperty[] = [],
  groupType: string | null = null
): TargetResource {
  return { id, displayName, type, userPrincipalName: null, groupType, modifiedProperties };
}

function pickInitiator(random: Random, activity: EmulatedActivity, directory: Directory, subject: UserIdentity) {
  const app = (): AppIdentity => {
    switch (activity.loggedByService) {
      case 'PIM':
        return directory.serviceApps[1];
      case 'Account Provisioning':
        return directory.serviceApps[2];
      case 'Device Registration Service':
        return directory.serviceApps[3];
      default:
        return activity.category === 'Device' ? directory.serviceApps[5] : pick(random, directory.serviceApps);
    }
  };
  const mode = activity.initiator === 'either' ? (random() < 0.6 ? 'user' : 'app') : activity.initiator;
  if (mode === 'app') {
    return { initiatorUser: null, initiatorApp: app() };
  }
  const user = SELF_SERVICE.has(activity.loggedByService) ? subject : pick(random, directory.admins);
  return { initiatorUser: user, initiatorApp: null };
}

/** Builds targets and details for a catalogue activity, the way Microsoft records that activity. */
export function contentFor(random: Random, activity: EmulatedActivity, directory: Directory): EventContent {
  const subject = pick(random, directory.users);
  const initiator = pickInitiator(random, activity, directory, subject);
  const details: Array<{ key: string; value: string }> = [];
  if (initiator.initiatorUser) {
    details.push({ key: 'User-Agent', value: userAgentFor(random) });
  }
  return { ...initiator, targets: targetsFor(random, activity, directory, subject), additionalDetails: details };
}

function targetsFor(
  random: Random,
  activity: EmulatedActivity,
  directory: Directory,
  subject: UserIdentity
): TargetResource[] {
  const name = activity.activityDisplayName;
  switch (activity.targetType) {
    case 'User':
      return [userTarget(subject, userChanges(random, name))];
    case 'Group':
      return groupTargets(random, activity, directory, subject);
    case 'Role': {
      const role = pick(random, directory.roles);
      const props = roleChanges(random, role, activity.operationType === 'Unassign');
      return [objectTarget(role.id, role.displayName, 'Role'), userTarget(subject, props)];
    }
    case 'Application': {
      const app = pick(random, directory.applications);
      return [objectTarget(app.id, app.displayName, 'Application', applicationChanges(random, name))];
    }
    case 'ServicePrincipal':
      return servicePrincipalTargets(random, name, directory);
    case 'Policy':
      return policyTargets(random, activity, directory);
    case 'Device': {
      const device = pick(random, directory.deviceNames);
      return [objectTarget(guid(random), device, 'Device'), userTarget(subject)];
    }
    case 'Directory':
      return [objectTarget(directory.tenantId, directory.domain, 'Directory')];
    case 'Other': {
      const accessPackage = pick(random, directory.accessPackages);
      return [objectTarget(accessPackage.id, accessPackage.displayName, 'Other'), userTarget(subject)];
    }
  }
}

function groupTargets(
  random: Random,
  activity: EmulatedActivity,
  directory: Directory,
  subject: UserIdentity
): TargetResource[] {
  const group = pick(random, directory.groups);
  const membership = activity.operationType === 'Assign' || activity.operationType === 'Unassign';
  const props = membership
    ? [
        { displayName: 'Group.ObjectID', oldValue: '', newValue: json(group.id) },
        { displayName: 'Group.DisplayName', oldValue: '', newValue: json(group.displayName) },
      ]
    : [{ displayName: 'Included Updated Properties', oldValue: '', newValue: json('DisplayName, Description') }];
  const groupTarget = objectTarget(group.id, group.displayName, 'Group', membership ? [] : props, group.groupType);
  return membership ? [groupTarget, userTarget(subject, props)] : [groupTarget];
}

function servicePrincipalTargets(random: Random, activityName: string, directory: Directory): TargetResource[] {
  const app = pick(random, directory.applications);
  const props = servicePrincipalChanges(random, activityName, app);
  return [objectTarget(app.servicePrincipalId, app.displayName, 'ServicePrincipal', props)];
}

function policyTargets(random: Random, activity: EmulatedActivity, directory: Directory): TargetResource[] {
  if (activity.loggedByService === 'Conditional Access') {
    const policy = pick(random, directory.policies.slice(0, CONDITIONAL_ACCESS_POLICIES));
    const props = conditionalAccessChanges(random, policy, activity.operationType);
    return [objectTarget(policy.id, policy.displayName, 'Policy', props)];
  }
  const policy = pick(random, directory.policies);
  const props = [
    {
      displayName: 'PolicyDetail',
      oldValue: json([`{"State":"enabled"}`]),
      newValue: json([`{"State":"${pick(random, ['enabled', 'disabled', 'enabledForReportingButNotEnforced'])}"}`]),
    },
  ];
  return [objectTarget(policy.id, policy.displayName, 'Policy', props)];
}

function userChanges(random: Random, activity: string): ModifiedProperty[] {
  if (activity === 'Update user' || activity === 'Change user license') {
    const property =
      activity === 'Change user license'
        ? 'AssignedLicense'
        : pick(random, ['Department', 'JobTitle', 'MobilePhone', 'AccountEnabled']);
    const values: Record<string, [unknown, unknown]> = {
      Department: [['Sales'], ['Finance']],
      JobTitle: [['Analyst'], ['Senior Analyst']],
      MobilePhone: [[], ['+1 425 555 0100']],
      AccountEnabled: [[true], [false]],
      AssignedLicense: [
        [],
        ['[SkuName=ENTERPRISEPACK, AccountId=contoso, SkuId=6fd2c87f-b296-42f0-b197-1e91e994b900, DisabledPlans=[]]'],
      ],
    };
    const [oldValue, newValue] = values[property];
    return [
      { displayName: property, oldValue: json(oldValue), newValue: json(newValue) },
      { displayName: 'Included Updated Properties', oldValue: '', newValue: json(property) },
    ];
  }
  if (activity === 'User registered security info') {
    return [
      { displayName: 'StrongAuthenticationMethod', oldValue: '[]', newValue: json([{ MethodType: 6, Default: true }]) },
    ];
  }
  return [];
}

/** The directory's first policies are Conditional Access policies; the rest are other policy kinds. */
const CONDITIONAL_ACCESS_POLICIES = 4;

/** Names compared without surrounding spaces: Microsoft logs the credential activity with a trailing one. */
function isCredentialActivity(activity: string, verb: string): boolean {
  const name = activity.trim();
  return name.startsWith(verb) && name.endsWith('Certificates and secrets management');
}

function servicePrincipalChanges(random: Random, activity: string, app: AppIdentity): ModifiedProperty[] {
  switch (activity.trim()) {
    case 'Consent to application':
      return consentChanges(random, app.servicePrincipalId, app.appId);
    case 'Add service principal credentials':
      return credentialChanges(random, false);
    case 'Remove service principal credentials':
      return credentialChanges(random, true);
    default:
      return [];
  }
}

function applicationChanges(random: Random, activity: string): ModifiedProperty[] {
  if (isCredentialActivity(activity, 'Update application')) {
    return credentialChanges(random, false);
  }
  if (isCredentialActivity(activity, 'Create application')) {
    return applicationCreatedKeys();
  }
  if (activity === 'Update application') {
    return [
      {
        displayName: 'AppAddress',
        oldValue: '[]',
        newValue: json([{ AddressType: 0, Address: `https://app-${hex(random, 4)}.contoso.com/signin` }]),
      },
    ];
  }
  return [];
}
