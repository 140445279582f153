/**
 * One audit event, normalised from either API flavour (Microsoft Graph directoryAudit or the
 * legacy Azure AD Graph activity). Frame builders only ever see this shape.
 */
export interface AuditTarget {
  id: string;
  displayName: string;
  type: string;
  userPrincipalName: string;
}

export interface AuditEvent {
  id: string;
  /** Epoch milliseconds (UTC). Graph sends 7 fractional digits; sub-millisecond digits are dropped. */
  time: number;
  activity: string;
  category: string;
  service: string;
  /** success | failure | timeout | whatever newer value Microsoft adds. */
  result: string;
  resultReason: string;
  operationType: string;
  /** Legacy API only; empty on Microsoft Graph. */
  activityType: string;
  /** The initiator as a person would name it: the user's UPN, else the app's name, else an id. */
  initiatedBy: string;
  initiatorUpn: string;
  initiatorUserId: string;
  initiatorUserName: string;
  initiatorAppId: string;
  initiatorAppName: string;
  initiatorIp: string;
  /** The initiating app's service principal (object) id. */
  initiatorServicePrincipalId: string;
  /** beta's `userAgent`, else the `User-Agent` additional detail. */
  userAgent: string;
  targets: AuditTarget[];
  correlationId: string;
  /** key → value pairs as sent. */
  additionalDetails: Array<{ key: string; value: string }>;
  /** Per target, the changed properties as sent (values are JSON-encoded strings). */
  modifiedProperties: Array<{ target: string; displayName: string; oldValue: string; newValue: string }>;
  /** The changed values detection rules key on, parsed from modifiedProperties ('' when not logged). */
  changes: ChangedValues;
}

/**
 * Named changed values (normalize/changedValues.ts; Go: pkg/graph/changes.go). Each is the new
 * value, else the old one, as a person reads it (JSON quotes and brackets removed).
 */
export interface ChangedValues {
  /** `Role.DisplayName` (or `RoleDefinition.DisplayName`, or the Role target's name). */
  roleName: string;
  /** `Role.TemplateId` (or `RoleDefinition.TemplateId`). */
  roleTemplateId: string;
  /** From `KeyDescription`: the added keys' `KeyType` (else the removed keys'). */
  keyType: string;
  /** From `KeyDescription`: `KeyUsage` (`Verify` marks a credential). */
  keyUsage: string;
  /** From `KeyDescription`: the key's `DisplayName`, its description. */
  keyDescription: string;
  /** The scopes in `ConsentAction.Permissions`, space-separated. */
  consentPermissions: string;
  /** `ConsentContext.IsAdminConsent` as `true` / `false`. */
  adminConsent: string;
  /** The Conditional Access policy's `displayName` (or the Policy target's name). */
  policyName: string;
  /** The policy's `state`: enabled, disabled, enabledForReportingButNotEnforced. */
  policyState: string;
  /** `Group.DisplayName` (or the Group target's name). */
  groupName: string;
}

/** The named changed values, in the order frames show them; filter fields and group-bys too. */
export const CHANGED_VALUE_NAMES: ReadonlyArray<keyof ChangedValues> = [
  'roleName',
  'roleTemplateId',
  'keyType',
  'keyUsage',
  'keyDescription',
  'consentPermissions',
  'adminConsent',
  'policyName',
  'policyState',
  'groupName',
];
