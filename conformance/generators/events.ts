/**
 * Generated audit events, described abstractly (time as a fraction of the range, values from small
 * pools) and rendered as a Microsoft Graph directoryAudit or a legacy Azure AD Graph activity.
 */
import fc from 'fast-check';

import { maybe, oddText, pooled } from './oddText';

export type EventTime = number | 'missing' | 'null' | 'garbage' | 'number' | 'noZone' | 'sevenDigits';

export interface EventSpec {
  id?: string;
  time: EventTime;
  activity?: string;
  category?: string;
  service?: string;
  result?: string;
  reason?: string;
  operationType?: string;
  activityType?: string;
  user?: { upn?: string; id?: string; name?: string; ip?: string };
  app?: { appId?: string; name?: string; spName?: string };
  targets: Array<{ id?: string; name?: string; upn?: string; type?: string; odataType?: string }>;
  details: Array<{ key: string; value: string }>;
  correlationId?: string;
  /** A property Microsoft documents as text, sent with another JSON type. */
  wrongType?: { property: 'activityDisplayName' | 'result' | 'initiatedBy' | 'targetResources' | 'id'; value: unknown };
}

const timeArbitrary: fc.Arbitrary<EventTime> = fc.oneof(
  { weight: 12, arbitrary: fc.double({ min: -0.05, max: 1.05, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(0, 1) },
  { weight: 1, arbitrary: fc.constantFrom<EventTime>('missing', 'null', 'garbage', 'number', 'noZone', 'sevenDigits') }
);

export function eventArbitrary(): fc.Arbitrary<EventSpec> {
  return fc.record(
    {
      id: maybe(pooled('e-1', 'e-2', 'e-3', 'e-4', 'e-5', 'e-6', 'e-7', 'e-8'), 12),
      time: timeArbitrary,
      activity: maybe(
        fc.oneof(
          {
            weight: 4,
            arbitrary: pooled(
              'Add user',
              'Delete user',
              'Update application',
              'Update application \u2013 Certificates and secrets management ',
              'Add Conditional Access policy'
            ),
          },
          oddText()
        ),
        10
      ),
      category: maybe(pooled('UserManagement', 'ApplicationManagement', 'Directory', ''), 8),
      service: maybe(pooled('Core Directory', 'Self-service Password Management', ''), 8),
      result: maybe(pooled('success', 'failure', 'timeout', 'unknownFutureValue', 'Success', ''), 8),
      reason: maybe(pooled('', 'Blocked', 'Invalid'), 3),
      operationType: maybe(pooled('Add', 'Delete', 'Update', ''), 5),
      activityType: maybe(pooled('User', 'Group', 'Application'), 5),
      user: maybe(userArbitrary(), 2),
      app: maybe(appArbitrary(), 3),
      targets: fc.array(targetArbitrary(), { maxLength: 2 }),
      details: fc.array(fc.record({ key: pooled('UserAgent', 'User Type'), value: oddText() }), { maxLength: 2 }),
      correlationId: maybe(pooled('c-1', 'c-2'), 6),
      wrongType: wrongTypeArbitrary(),
    },
    { requiredKeys: ['time', 'targets', 'details'] }
  );
}

function userArbitrary() {
  return fc.record(
    {
      upn: pooled('alice@contoso.com', 'BOB@contoso.com', ''),
      id: pooled('u-1', 'u-2'),
      name: pooled('Alice', ''),
      ip: pooled('10.0.0.1', ''),
    },
    { requiredKeys: [] }
  );
}

function appArbitrary() {
  return fc.record(
    { appId: pooled('app-1', 'app-2'), name: pooled('HR Sync', ''), spName: pooled('HR Sync SP', '') },
    { requiredKeys: [] }
  );
}

function targetArbitrary() {
  return fc.record(
    {
      id: pooled('t-1', 't-2'),
      name: fc.oneof(pooled('Payroll', 'alice'), oddText()),
      upn: pooled('carol@contoso.com'),
      type: pooled('User', 'Group', 'Application', ''),
      // Microsoft's beta examples type some targets by @odata.type alone (issue 17).
      odataType: pooled(
        '#microsoft.graph.TargetResourceGroup',
        '#microsoft.graph.targetResource',
        'microsoft.graph.user',
        '#'
      ),
    },
    { requiredKeys: [] }
  );
}

/** Mostly none; else one property of the rendered event given a value of the wrong JSON type. */
function wrongTypeArbitrary(): fc.Arbitrary<EventSpec['wrongType']> {
  return fc.oneof(
    { weight: 30, arbitrary: fc.constant(undefined) },
    fc.record({
      property: pooled<NonNullable<EventSpec['wrongType']>['property']>(
        'activityDisplayName',
        'result',
        'initiatedBy',
        'targetResources',
        'id'
      ),
      value: fc.constantFrom<unknown>(42, true, null, ['x'], { nested: 'x' }, 'text'),
    })
  );
}

/** The event's activityDateTime: a fraction of [from, to] becomes that instant, else an odd form. */
export function renderTime(time: EventTime, from: number, to: number): unknown {
  if (typeof time === 'number') {
    return new Date(Math.round(from + time * (to - from))).toISOString();
  }
  const mid = new Date(Math.round((from + to) / 2)).toISOString();
  switch (time) {
    case 'missing':
      return undefined;
    case 'null':
      return null;
    case 'garbage':
      return 'yesterday at noon';
    case 'number':
      return Math.round((from + to) / 2);
    case 'noZone':
      return mid.slice(0, -1);
    case 'sevenDigits':
      return mid.replace(/\.(\d{3})Z$/, '.$19876Z');
  }
}

export function renderGraphEvent(e: EventSpec, from: number, to: number): Record<string, unknown> {
  const event: Record<string, unknown> = {
    id: e.id,
    activityDateTime: renderTime(e.time, from, to),
    activityDisplayName: e.activity,
    category: e.category,
    loggedByService: e.service,
    result: e.result,
    resultReason: e.reason,
    operationType: e.operationType,
    correlationId: e.correlationId,
    initiatedBy: {
      user: e.user
        ? { userPrincipalName: e.user.upn, id: e.user.id, displayName: e.user.name, ipAddress: e.user.ip }
        : null,
      app: e.app ? { appId: e.app.appId, displayName: e.app.name, servicePrincipalName: e.app.spName } : null,
    },
    targetResources: e.targets.map((t) => ({
      id: t.id,
      displayName: t.name,
      userPrincipalName: t.upn,
      type: t.type,
      '@odata.type': t.odataType,
      modifiedProperties: [{ displayName: 'AccountEnabled', oldValue: '[true]', newValue: '[false]' }],
    })),
    additionalDetails: e.details,
  };
  if (e.wrongType) {
    event[e.wrongType.property] = e.wrongType.value;
  }
  return event;
}

const LEGACY = 'Microsoft.ActiveDirectory.DataService.PublicApi.Model.Reporting.AuditLog';

export function renderLegacyEvent(e: EventSpec, from: number, to: number): Record<string, unknown> {
  const actor = e.user
    ? {
        '@odata.type': `${LEGACY}.ActorUserEntity`,
        name: e.user.name,
        objectId: e.user.id,
        userPrincipalName: e.user.upn,
        ipAddress: e.user.ip,
      }
    : e.app
      ? {
          '@odata.type': `${LEGACY}.ActorApplicationEntity`,
          name: e.app.name,
          objectId: e.app.spName,
          appId: e.app.appId,
        }
      : undefined;
  const event: Record<string, unknown> = {
    id: e.id,
    activityDate: renderTime(e.time, from, to),
    activity: e.activity,
    category: e.category,
    activityType: e.activityType,
    activityOperationType: e.operationType,
    activityResultStatus: e.result,
    activityResultDescription: e.reason,
    correlationId: e.correlationId,
    actor,
    targets: e.targets.map((t) => ({
      '@odata.type': t.type ? `${LEGACY}.TargetResource${t.type}Entity` : undefined,
      name: t.name,
      objectId: t.id,
      userPrincipalName: t.upn,
    })),
    additionalDetails: e.details.map((d) => ({ name: d.key, value: d.value })),
  };
  if (e.wrongType) {
    event[e.wrongType.property === 'activityDisplayName' ? 'activity' : e.wrongType.property] = e.wrongType.value;
  }
  return event;
}
