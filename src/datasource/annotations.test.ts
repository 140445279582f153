import { AnnotationQuery } from '@grafana/data';
import { lastValueFrom } from 'rxjs';

import { buildFrames } from '../core/frames/buildFrames';
import { AuditQuery } from '../core/model/query';
import { auditAnnotations, DEFAULT_ANNOTATION_QUERY } from './annotations';
import { auditEvent, target } from '../components/testing/auditEvents';
import { toGrafanaFrame } from './toDataFrame';

const anno = (targetQuery?: Partial<AuditQuery>): AnnotationQuery<AuditQuery> => ({
  name: 'Risky changes',
  enable: true,
  iconColor: 'red',
  target: targetQuery as AuditQuery,
});

function eventsFrames(events = [auditEvent()]) {
  const query = auditAnnotations.prepareQuery!(anno({ refId: 'Anno' }))!;
  return buildFrames({ query, events, from: 0, to: Date.now(), truncated: false, intervalMs: 60_000 }).frames.map(
    toGrafanaFrame
  );
}

describe('auditAnnotations.prepareQuery', () => {
  it('runs any stored query as an events query, keeping its filters', () => {
    const filters = [{ field: 'result' as const, operator: 'eq' as const, values: ['failure'] }];
    const query = auditAnnotations.prepareQuery!(
      anno({ refId: 'A', format: 'timeSeries', groupBy: 'service', filters, rawFilter: "loggedByService eq 'PIM'" })
    );
    expect(query).toMatchObject({ refId: 'A', format: 'events', filters, rawFilter: "loggedByService eq 'PIM'" });
  });

  it('starts a new annotation on role and policy changes', () => {
    expect(auditAnnotations.prepareQuery!(anno())).toMatchObject({
      refId: 'Anno',
      format: 'events',
      filters: DEFAULT_ANNOTATION_QUERY.filters,
    });
    expect(auditAnnotations.getDefaultQuery!()).toBe(DEFAULT_ANNOTATION_QUERY);
  });
});

describe('auditAnnotations.processEvents', () => {
  it('makes one annotation per event: activity, initiator, targets, result and tags', async () => {
    const events = [
      auditEvent({
        id: 'Directory_2',
        time: Date.UTC(2026, 10, 27, 12, 5),
        activity: 'Add member to role',
        initiatedBy: 'alice@contoso.com',
        targets: [target('Global Administrator', 'Role'), target('bob@contoso.com', 'User')],
      }),
      auditEvent({
        id: 'Directory_1',
        time: Date.UTC(2026, 10, 27, 12, 0),
        activity: 'Update conditional access policy',
        category: 'Policy',
        service: 'Conditional Access',
        result: 'failure',
        resultReason: 'Policy is locked',
        initiatedBy: 'Azure AD Cloud Sync',
        targets: [],
      }),
    ];
    const result = await lastValueFrom(auditAnnotations.processEvents!(anno(), eventsFrames(events)));
    expect(result).toEqual([
      {
        id: 'Directory_2',
        time: Date.UTC(2026, 10, 27, 12, 5),
        title: 'Add member to role',
        text: 'Initiated by: alice@contoso.com · Targets: Global Administrator (Role), bob@contoso.com (User) · Result: success',
        tags: ['RoleManagement', 'Core Directory'],
      },
      {
        id: 'Directory_1',
        time: Date.UTC(2026, 10, 27, 12, 0),
        title: 'Update conditional access policy',
        text: 'Initiated by: Azure AD Cloud Sync · Targets: none · Result: failure (Policy is locked)',
        tags: ['Policy', 'Conditional Access'],
      },
    ]);
  });

  it('ignores frames that carry no events, such as an error placeholder', async () => {
    const empty = toGrafanaFrame({ name: 'A', refId: 'A', meta: { type: '', typeVersion: [0, 0] }, fields: [] });
    expect(await lastValueFrom(auditAnnotations.processEvents!(anno(), [empty]))).toEqual([]);
  });
});
