import { EmulatedActivity, findEmulatedActivity } from '../data/activityMix';
import { contentFor } from '../data/content';
import { eventId } from '../data/generator';
import { guid, hash32, randomFrom } from '../data/random';
import { ModifiedProperty, SyntheticEvent } from '../data/types';
import { parseInstant } from '../odata/instant';
import { EmulatorState } from '../state';
import { findTenant } from '../tenants';

/** An event a test places at a chosen instant (edge tests: exactly at `from`, exactly at `to`). */
export interface InjectedEventSpec {
  activityDateTime: string;
  activityDisplayName: string;
  result?: 'success' | 'failure' | 'timeout';
  /** Tenant GUID or domain; the demo tenant by default. */
  tenant?: string;
  /** Overrides the initiator's user principal name. */
  initiatedByUpn?: string;
  /** Emulated ms after its time before the API shows it; 0 by default. */
  ingestionDelayMs?: number;
  /** Replaces the first target's changed values (a near-miss scenario: an empty KeyDescription before and after). */
  modifiedProperties?: ModifiedProperty[];
}

let injectedCount = 0;

export function injectEvent(state: EmulatorState, spec: InjectedEventSpec): SyntheticEvent {
  const tenant = findTenant(state.tenants, spec.tenant ?? state.tenants[0].config.id);
  if (!tenant) {
    throw new Error(`Unknown tenant '${spec.tenant}'.`);
  }
  const time = typeof spec.activityDateTime === 'string' ? parseInstant(spec.activityDateTime) : undefined;
  if (!time) {
    throw new Error(
      `activityDateTime must be an ISO 8601 instant such as 2026-11-20T12:00:00Z, got '${spec.activityDateTime}'.`
    );
  }
  if (typeof spec.activityDisplayName !== 'string' || spec.activityDisplayName === '') {
    throw new Error('activityDisplayName is required, e.g. "Add user".');
  }
  const activity: EmulatedActivity = findEmulatedActivity(spec.activityDisplayName) ?? {
    activityDisplayName: spec.activityDisplayName,
    category: 'Other',
    loggedByService: 'Core Directory',
    operationType: 'Update',
    targetType: 'Other',
    weight: 0,
    failureRate: 0,
    initiator: 'user',
  };
  const random = randomFrom(hash32(tenant.config.seed, 0x1e, ++injectedCount));
  const content = contentFor(random, activity, tenant.directory);
  if (spec.initiatedByUpn) {
    const user = content.initiatorUser ?? tenant.directory.admins[0];
    content.initiatorUser = { ...user, userPrincipalName: spec.initiatedByUpn };
    content.initiatorApp = null;
  }
  if (spec.modifiedProperties && content.targets.length > 0) {
    content.targets[0] = { ...content.targets[0], modifiedProperties: spec.modifiedProperties.map(modifiedProperty) };
  }
  const unique = 0x7f0000000000 + injectedCount;
  const correlationId = guid(random, unique);
  const result = spec.result ?? 'success';
  return tenant.store.inject({
    time,
    visibleAt: time.ms + (spec.ingestionDelayMs ?? 0),
    id: eventId(random, activity.loggedByService, correlationId, unique),
    correlationId,
    activity,
    result,
    resultReason: result === 'success' ? '' : 'Injected failure.',
    ...content,
    ipAddress: content.initiatorUser ? '203.0.113.7' : null,
    userAgent: content.initiatorUser ? 'Emulator test' : null,
  });
}

function modifiedProperty(p: ModifiedProperty): ModifiedProperty {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  if (typeof p?.displayName !== 'string') {
    throw new Error(
      'Each of modifiedProperties needs a displayName, e.g. {"displayName": "KeyDescription", "oldValue": "[]", "newValue": "[]"}.'
    );
  }
  return { displayName: p.displayName, oldValue: text(p.oldValue), newValue: text(p.newValue) };
}
