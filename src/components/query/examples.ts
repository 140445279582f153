import { AuditQuery } from '../../core/model/query';

export interface QueryExample {
  title: string;
  description: string;
  query: Omit<AuditQuery, 'refId'>;
}

/** The query help's examples; docs/editors.md shows the same list. */
export const QUERY_EXAMPLES: QueryExample[] = [
  {
    title: 'Changes per activity',
    description: 'The default: a time series per activity, bucketed to the panel interval.',
    query: { format: 'timeSeries', groupBy: 'activity', filters: [], bucket: 'auto' },
  },
  {
    title: 'Failed changes by service',
    description: 'Status is failure, one series per service that logged it.',
    query: {
      format: 'timeSeries',
      groupBy: 'service',
      filters: [{ field: 'result', operator: 'eq', values: ['failure'] }],
      bucket: 'auto',
    },
  },
  {
    title: 'Role assignments',
    description: 'Every direct or scoped role assignment as a table, newest first.',
    query: {
      format: 'events',
      groupBy: 'activity',
      filters: [{ field: 'activity', operator: 'eq', values: ['Add member to role', 'Add scoped member to role'] }],
    },
  },
  {
    title: 'Conditional Access changes in Explore',
    description: "Logs of the Conditional Access service; failures show as errors in Explore's logs view.",
    query: {
      format: 'logs',
      groupBy: 'activity',
      filters: [{ field: 'service', operator: 'eq', values: ['Conditional Access'] }],
    },
  },
  {
    title: 'Top 10 initiators',
    description: 'Who changed the most: count, failures, first and last seen; the rest summed as "other".',
    query: { format: 'summary', groupBy: 'initiatedBy', filters: [], topN: 10 },
  },
  {
    title: 'Alert on failed role changes',
    description: 'One number per activity for an alert rule; the named activities report 0 rather than No Data.',
    query: {
      format: 'alertNumbers',
      groupBy: 'activity',
      filters: [
        { field: 'category', operator: 'eq', values: ['RoleManagement'] },
        { field: 'result', operator: 'eq', values: ['failure'] },
      ],
      groups: ['Add member to role', 'Remove member from role'],
    },
  },
  {
    title: 'Who assigned roles to whom, outside PIM',
    description:
      'One number per initiator and target, so the alert says who did it to whom; "is not" drops the PIM service\'s own assignments.',
    query: {
      format: 'alertNumbers',
      groupBy: 'initiatedBy',
      secondGroupBy: 'targetName',
      filters: [
        { field: 'activity', operator: 'eq', values: ['Add member to role'] },
        { field: 'initiatedBy', operator: 'ne', values: ['MS-PIM'] },
      ],
    },
  },
  {
    title: 'Everything one admin did',
    description: 'Initiated by a UPN starting with the text, as the admin center searches it.',
    query: {
      format: 'events',
      groupBy: 'activity',
      filters: [{ field: 'initiatorUpn', operator: 'startsWith', values: ['admin@'] }],
    },
  },
  {
    title: 'Follow one operation',
    description: 'All events sharing a correlation ID (from a row of the events table).',
    query: {
      format: 'events',
      groupBy: 'activity',
      filters: [{ field: 'correlationId', operator: 'eq', values: ['00000000-0000-0000-0000-000000000000'] }],
    },
  },
  {
    title: 'Expert $filter: changes made by an app',
    description: 'A raw OData clause, ANDed with the filters; it can only narrow the result.',
    query: {
      format: 'events',
      groupBy: 'activity',
      filters: [],
      rawFilter: "initiatedBy/app/displayName eq 'Microsoft Azure AD Cloud Sync'",
    },
  },
];
