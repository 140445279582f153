import type { EmulatedActivity } from './activityMix';
import type { Instant } from '../odata/instant';

export interface UserIdentity {
  id: string;
  displayName: string;
  userPrincipalName: string;
  userType: 'Member' | 'Guest';
}

export interface AppIdentity {
  appId: string;
  displayName: string;
  servicePrincipalId: string;
}

export interface ModifiedProperty {
  displayName: string;
  oldValue: string;
  newValue: string;
}

export interface TargetResource {
  id: string;
  displayName: string | null;
  type: string;
  userPrincipalName: string | null;
  groupType: string | null;
  modifiedProperties: ModifiedProperty[];
}

/** One synthetic audit event, independent of the API flavour that will render it. */
export interface SyntheticEvent {
  /** Minute slot (epoch minutes) the event belongs to; with `index` it orders events uniquely. */
  slot: number;
  index: number;
  time: Instant;
  /** Epoch ms at which the event becomes visible to the APIs (its time plus its own ingestion delay). */
  visibleAt: number;
  id: string;
  correlationId: string;
  activity: EmulatedActivity;
  result: 'success' | 'failure' | 'timeout';
  resultReason: string;
  initiatorUser: UserIdentity | null;
  initiatorApp: AppIdentity | null;
  ipAddress: string | null;
  userAgent: string | null;
  targets: TargetResource[];
  additionalDetails: Array<{ key: string; value: string }>;
}
