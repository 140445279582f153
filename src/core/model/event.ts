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
  targets: AuditTarget[];
  correlationId: string;
  /** key → value pairs as sent. */
  additionalDetails: Array<{ key: string; value: string }>;
  /** Per target, the changed properties as sent (values are JSON-encoded strings). */
  modifiedProperties: Array<{ target: string; displayName: string; oldValue: string; newValue: string }>;
}
