import { AppIdentity, UserIdentity } from './types';
import { guid, hash32, pick, randomFrom } from './random';

/** The synthetic tenant's objects that events point at. Built once per seed; small and shared. */
export interface Directory {
  domain: string;
  tenantId: string;
  users: UserIdentity[];
  admins: UserIdentity[];
  groups: Array<{ id: string; displayName: string; groupType: string | null }>;
  applications: Array<{ id: string; appId: string; displayName: string; servicePrincipalId: string }>;
  /** Microsoft and sync services that act on their own (initiatedBy.app). */
  serviceApps: AppIdentity[];
  roles: Array<{ id: string; displayName: string }>;
  policies: Array<{ id: string; displayName: string }>;
  accessPackages: Array<{ id: string; displayName: string }>;
  deviceNames: string[];
}

const FIRST = [
  'Adele',
  'Alex',
  'Allan',
  'Christie',
  'Debra',
  'Diego',
  'Emily',
  'Enrico',
  'Grady',
  'Henrietta',
  'Irvin',
  'Isaiah',
  'Johanna',
  'Joni',
  'Lee',
  'Lidia',
  'Lynne',
  'Megan',
  'Miriam',
  'Nestor',
  'Patti',
  'Pradeep',
  'Raul',
  'Sanjay',
  'Yuki',
  'Zrinka',
  'Amara',
  'Bogdan',
  'Chen',
  'Fatima',
];
const LAST = [
  'Vance',
  'Wilber',
  'Deyoung',
  'Cline',
  'Berg',
  'Siciliani',
  'Braun',
  'Bowen',
  'Archie',
  'Wilkins',
  'Bellew',
  'Langer',
  'Lanier',
  'Sherman',
  'Gu',
  'Holloway',
  'Robbins',
  'Bowen',
  'Hooper',
  'Wilke',
  'Fernandez',
  'Gupta',
  'Rodriguez',
  'Patel',
  'Tanaka',
  'Juric',
  'Okafor',
  'Ionescu',
  'Wei',
  'Haddad',
];
const GROUPS = [
  'All Company',
  'Sales Team',
  'Finance',
  'Engineering',
  'Contoso Marketing',
  'Helpdesk Operators',
  'VPN Users',
  'MFA Exempt (break glass)',
  'Project Falcon',
  'HR Confidential',
  'Guests - Partners',
  'Retail Stores',
  'Legal',
  'Developers',
  'SharePoint Admins',
  'Device Pilot',
  'Intune Managed',
  'Travel Approvers',
  'Security Champions',
  'London Office',
];
const APPS = [
  'Contoso Expense Portal',
  'HR Onboarding Connector',
  'Grafana Audit Reader',
  'Salesforce',
  'ServiceNow',
  'Workday to Microsoft Entra ID User Provisioning',
  'Contoso Mobile App',
  'Jenkins CI',
  'Terraform Deployer',
  'Power BI Reporting',
  'Slack',
  'Zoom',
  'GitHub Enterprise',
  'Atlassian Cloud',
  'Legacy LOB App',
];
const SERVICE_APPS = [
  'Microsoft Substrate Management',
  'MS-PIM',
  'Microsoft Entra Connect Sync',
  'Device Registration Service',
  'Microsoft Approval Management',
  'Microsoft Intune',
  'Office 365 Exchange Online',
];
const ROLES: Array<[string, string]> = [
  ['62e90394-69f5-4237-9190-012177145e10', 'Global Administrator'],
  ['fe930be7-5e62-47db-91af-98c3a49a38b1', 'User Administrator'],
  ['9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', 'Application Administrator'],
  ['729827e3-9c14-49f7-bb1b-9608f156bbb8', 'Helpdesk Administrator'],
  ['e8611ab8-c189-46e8-94e1-60213ab1f814', 'Privileged Role Administrator'],
  ['5d6b6bb7-de71-4623-b4af-96380a352509', 'Security Reader'],
  ['4a5d8f65-41da-4de4-8968-e035b65339cf', 'Reports Reader'],
  ['194ae4cb-b126-40b2-bd5b-6091b380977d', 'Security Administrator'],
];
const POLICIES = [
  'Require MFA for admins',
  'Block legacy authentication',
  'Default token lifetime',
  'Require compliant device',
  'Sign-in risk policy',
  'Authorization policy',
  'Home realm discovery',
];
const PACKAGES = ['Sales tools', 'Engineering onboarding', 'Partner collaboration', 'Finance read-only'];

export function buildDirectory(seed: number, domain: string, tenantId: string, userCount: number): Directory {
  const random = randomFrom(hash32(seed, 0xd1));
  const users: UserIdentity[] = [];
  for (let i = 0; i < userCount; i++) {
    const first = FIRST[i % FIRST.length];
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length];
    const n = Math.floor(i / (FIRST.length * LAST.length));
    const guest = i % 23 === 22;
    const local = `${first}.${last}${n || ''}`.toLowerCase();
    users.push({
      id: guid(random, 0x100000 + i),
      displayName: `${first} ${last}${n ? ` ${n + 1}` : ''}`,
      userPrincipalName: guest ? `${local}_fabrikam.com#EXT#@${domain}` : `${local}@${domain}`,
      userType: guest ? 'Guest' : 'Member',
    });
  }
  const admins = users.filter((u) => u.userType === 'Member').slice(0, Math.max(3, Math.floor(userCount / 25)));
  const app = (displayName: string, i: number) => ({
    id: guid(random, 0x200000 + i),
    appId: guid(random, 0x300000 + i),
    displayName,
    servicePrincipalId: guid(random, 0x400000 + i),
  });
  return {
    domain,
    tenantId,
    users,
    admins,
    groups: GROUPS.map((displayName, i) => ({
      id: guid(random, 0x500000 + i),
      displayName,
      groupType: i % 3 === 0 ? 'unifiedGroups' : null,
    })),
    applications: APPS.map(app),
    serviceApps: SERVICE_APPS.map((displayName, i) => {
      const { appId, servicePrincipalId } = app(displayName, 100 + i);
      return { appId, displayName, servicePrincipalId };
    }),
    roles: ROLES.map(([id, displayName]) => ({ id, displayName })),
    policies: POLICIES.map((displayName, i) => ({ id: guid(random, 0x600000 + i), displayName })),
    accessPackages: PACKAGES.map((displayName, i) => ({ id: guid(random, 0x700000 + i), displayName })),
    deviceNames: Array.from(
      { length: 40 },
      (_, i) =>
        `${pick(random, ['DESKTOP', 'LAPTOP', 'IPHONE', 'ANDROID'])}-${(1000 + i * 37).toString(36).toUpperCase()}`
    ),
  };
}
