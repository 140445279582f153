import { AuditQuery, FILTER_OPERATORS, FilterField, GroupBy, QueryFormat } from '../src/core/model/query';

// Satisfies-typed records: adding a value to the model's unions without listing it here fails to compile.
const FORMATS: Record<QueryFormat, true> = {
  timeSeries: true,
  events: true,
  summary: true,
  logs: true,
  alertNumbers: true,
};
const GROUP_BYS: Record<GroupBy, true> = {
  activity: true,
  category: true,
  service: true,
  result: true,
  operationType: true,
  initiatedBy: true,
  targetType: true,
  activityType: true,
  targetName: true,
  roleName: true,
  roleTemplateId: true,
  keyType: true,
  keyUsage: true,
  keyDescription: true,
  consentPermissions: true,
  adminConsent: true,
  policyName: true,
  policyState: true,
  groupName: true,
};
const FIELDS: Record<FilterField, true> = {
  activity: true,
  service: true,
  category: true,
  result: true,
  operationType: true,
  activityType: true,
  initiatedBy: true,
  initiatorUpn: true,
  initiatorUserId: true,
  initiatorUserName: true,
  initiatorAppId: true,
  initiatorAppName: true,
  targetId: true,
  targetName: true,
  targetType: true,
  correlationId: true,
  id: true,
  initiatorServicePrincipalId: true,
  ipAddress: true,
  userAgent: true,
  roleName: true,
  roleTemplateId: true,
  keyType: true,
  keyUsage: true,
  keyDescription: true,
  consentPermissions: true,
  adminConsent: true,
  policyName: true,
  policyState: true,
  groupName: true,
};

/** A stored query (dashboard, alert rule) uses only what the query model defines. */
export function expectValidQuery(query: AuditQuery): void {
  expect(FORMATS).toHaveProperty([query.format]);
  expect(GROUP_BYS).toHaveProperty([query.groupBy]);
  if (query.secondGroupBy) {
    expect(GROUP_BYS).toHaveProperty([query.secondGroupBy]);
  }
  for (const filter of query.filters ?? []) {
    expect(FIELDS).toHaveProperty([filter.field]);
    expect(FILTER_OPERATORS).toContain(filter.operator);
    expect(filter.values.length).toBeGreaterThan(0);
  }
}
