import { DataQueryRequest, DataQueryResponse, dateTime, LoadingState } from '@grafana/data';
import { NO_CHANGED_VALUES } from '../../core/normalize/changedValues';
import { Observable, of } from 'rxjs';

import { buildFrames } from '../../core/frames/buildFrames';
import { AuditEvent, AuditTarget } from '../../core/model/event';
import { AuditQuery, withQueryDefaults } from '../../core/model/query';
import { toGrafanaFrame } from '../../datasource/toDataFrame';

export function auditEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: 'Directory_1',
    time: Date.UTC(2026, 10, 27, 12, 0, 0),
    activity: 'Add member to role',
    category: 'RoleManagement',
    service: 'Core Directory',
    result: 'success',
    resultReason: '',
    operationType: 'Assign',
    activityType: '',
    initiatedBy: 'admin@contoso.com',
    initiatorUpn: 'admin@contoso.com',
    initiatorUserId: 'u-1',
    initiatorUserName: 'Admin',
    initiatorAppId: '',
    initiatorAppName: '',
    initiatorServicePrincipalId: '',
    userAgent: '',
    initiatorIp: '203.0.113.7',
    targets: [],
    correlationId: 'c-1',
    additionalDetails: [],
    modifiedProperties: [],
    changes: NO_CHANGED_VALUES,
    ...overrides,
  };
}

export function target(displayName: string, type: string, id = `${displayName}-id`): AuditTarget {
  return { id, displayName, type, userPrincipalName: '' };
}

/**
 * A data source stand-in whose query answers with the engine's real frame builders over the
 * given events, first as a streaming partial (half the events), then complete.
 */
export function framesDataSource(events: AuditEvent[]) {
  const requests: Array<DataQueryRequest<AuditQuery>> = [];
  const query = (request: DataQueryRequest<AuditQuery>): Observable<DataQueryResponse> => {
    requests.push(request);
    const q = withQueryDefaults(request.targets[0]);
    const build = (subset: AuditEvent[]) =>
      buildFrames({
        query: q,
        events: subset,
        from: 0,
        to: Date.now(),
        truncated: false,
        intervalMs: 60_000,
      }).frames.map(toGrafanaFrame);
    return of(
      { data: build(events.slice(0, Math.floor(events.length / 2))), state: LoadingState.Streaming },
      { data: build(events), state: LoadingState.Done }
    );
  };
  return { query, requests };
}

export function request<Q extends { refId: string }>(targets: Q[]): DataQueryRequest<Q> {
  const from = dateTime(Date.UTC(2026, 10, 27, 0, 0, 0));
  const to = dateTime(Date.UTC(2026, 10, 28, 0, 0, 0));
  return {
    requestId: 'r1',
    interval: '1m',
    intervalMs: 60_000,
    range: { from, to, raw: { from, to } },
    scopedVars: {},
    targets,
    timezone: 'utc',
    app: 'dashboard',
    startTime: 0,
  };
}
