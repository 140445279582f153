import { APP_CREDENTIALS_ACTIVITY } from '../../src/core/catalogue/activities';
import { EMULATED_ACTIVITIES, EmulatedActivity, findEmulatedActivity } from './activityMix';
import { Burst, BURST_BLOCK_SLOTS, burstEventsInSlot, burstEventsPerDay, burstOfBlock, BurstKind } from './bursts';
import { contentFor, EventContent, ipFor, userAgentFor } from './content';
import { Directory } from './directory';
import { EventDetails, GeneratedEvent } from './generatedEvent';
import { guid, hash32, hex, pick, Random, randomFrom } from './random';
import { activityLevel } from './rhythm';
import { roleChanges } from './securityChanges';
import { SyntheticEvent, UserIdentity } from './types';

export const SLOT_MS = 60_000;
/** Generated events use indexes below this; injected events use the ones above. */
export const INJECTED_INDEX_BASE = 0x8000;
/** Added to slot·65536+index in GUID ids so they differ from the correlation id's tail. */
export const PLAIN_ID_OFFSET = 0x1000000000;

export interface GeneratorConfig {
  seed: number;
  eventsPerDay: number;
  /** The most an event waits before the API shows it; each event waits a share of it. */
  ingestionDelayMs: number;
  directory: Directory;
}

interface Draft {
  ms: number;
  ticks: number;
  burst?: BurstKind;
}

const FAILURE_REASONS = [
  'Insufficient privileges to complete the operation.',
  'Microsoft.Online.Workflows.ObjectAlreadyExistsException',
  'Another object with the same value for property userPrincipalName already exists.',
  'User failed to verify their identity.',
];

/**
 * Produces the events of one minute slot from the seed alone. Nothing is stored: the same slot
 * always yields the same events, so ground truth for any range is recomputed, never remembered.
 */
export class EventGenerator {
  private readonly cumulative: number[] = [];
  private readonly totalWeight: number;
  private readonly baselinePerMinute: number;

  constructor(private readonly config: GeneratorConfig) {
    let sum = 0;
    for (const activity of EMULATED_ACTIVITIES) {
      sum += activity.weight;
      this.cumulative.push(sum);
    }
    this.totalWeight = sum;
    const steady = Math.max(config.eventsPerDay - burstEventsPerDay(config.eventsPerDay), config.eventsPerDay * 0.3);
    this.baselinePerMinute = steady / (24 * 60);
  }

  burstOfSlot(slot: number): Burst | undefined {
    const burst = burstOfBlock(this.config.seed, Math.floor(slot / BURST_BLOCK_SLOTS), this.config.eventsPerDay);
    return burstEventsInSlot(burst, slot) > 0 ? burst : undefined;
  }

  eventsInSlot(slot: number): SyntheticEvent[] {
    const seed = this.config.seed;
    const random = randomFrom(hash32(seed, slot, 0x51));
    const start = slot * SLOT_MS;
    const expected = this.baselinePerMinute * activityLevel(start);
    const steady = Math.floor(expected * (0.75 + 0.5 * random()) + random());
    const burst = this.burstOfSlot(slot);
    const burstCount = burst ? burstEventsInSlot(burst, slot) : 0;
    const drafts: Draft[] = [];
    for (let i = 0; i < steady + burstCount; i++) {
      drafts.push({ ...this.draftTime(random, start), burst: i >= steady ? burst?.kind : undefined });
    }
    if (drafts.length > 0 && hash32(seed, slot, 0xed) % 5 === 0) {
      // Events on a whole minute, so range edges that fall exactly on an event are exercised.
      drafts[0].ms = start;
      drafts[0].ticks = 0;
    }
    drafts.sort((a, b) => a.ms - b.ms || a.ticks - b.ticks);
    return drafts.slice(0, INJECTED_INDEX_BASE).map((draft, index) => this.materialise(slot, index, draft));
  }

  private draftTime(random: Random, start: number): Draft {
    const offset = Math.floor(random() * SLOT_MS);
    if (random() < 0.125) {
      return { ms: start + offset - (offset % 1000), ticks: 0 };
    }
    return { ms: start + offset, ticks: Math.floor(random() * 10_000) };
  }

  private materialise(slot: number, index: number, draft: Draft): SyntheticEvent {
    const random = randomFrom(hash32(this.config.seed, slot, index, 0xe7));
    const activity = draft.burst ? burstActivity(draft.burst, index) : this.pickActivity(random);
    let result: SyntheticEvent['result'] = 'success';
    if (draft.burst === 'failedRoleAssignments' || random() < activity.failureRate) {
      result = random() < 0.03 ? 'timeout' : 'failure';
    }
    const visibleAt = draft.ms + Math.round(this.config.ingestionDelayMs * (0.2 + 0.8 * random()));
    const time = { ms: draft.ms, ticks: draft.ticks };
    return new GeneratedEvent(slot, index, time, visibleAt, activity, result, draft.burst, this.describe);
  }

  /** The details of an event, from its own random stream so they never depend on access order. */
  private readonly describe = (event: GeneratedEvent): EventDetails => {
    const { slot, index, activity, result } = event;
    const random = randomFrom(hash32(this.config.seed, slot, index, 0xe8));
    const burst = event.burst as BurstKind | undefined;
    const content = burst
      ? this.burstContent(burst, slot, index, random)
      : contentFor(random, activity, this.config.directory);
    const unique = slot * 0x10000 + index;
    const correlationId = guid(random, unique);
    return {
      id: eventId(random, activity.loggedByService, correlationId, unique),
      correlationId,
      resultReason: result === 'success' ? '' : pick(random, FAILURE_REASONS),
      ...content,
      ipAddress: content.initiatorUser ? ipFor(random) : null,
      userAgent: content.initiatorUser ? userAgentFor(random) : null,
    };
  };

  private pickActivity(random: Random): EmulatedActivity {
    const target = random() * this.totalWeight;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.cumulative[mid] > target) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return EMULATED_ACTIVITIES[low];
  }

  /** A burst is one actor doing one thing many times: the same initiator across the whole burst. */
  private burstContent(kind: BurstKind, slot: number, index: number, random: Random): EventContent {
    const directory = this.config.directory;
    const block = randomFrom(hash32(this.config.seed, Math.floor(slot / BURST_BLOCK_SLOTS), 0xac));
    const draw: BurstDraw = { directory, block, actor: pick(block, directory.admins), slot, index, random };
    switch (kind) {
      case 'bulkUserImport':
        return bulkImportContent(draw);
      case 'failedRoleAssignments':
        return failedRoleAssignmentContent(draw);
      case 'appCredentialChange':
        return appCredentialContent(draw);
    }
  }
}

/** What one burst event draws from: `block` is shared by the burst's slot block, `random` is the event's own. */
interface BurstDraw {
  directory: Directory;
  block: Random;
  actor: UserIdentity;
  slot: number;
  index: number;
  random: Random;
}

function bulkImportContent({ directory, slot, index, random }: BurstDraw): EventContent {
  const upn = `import.${slot.toString(36)}${index}@${directory.domain}`;
  return {
    initiatorUser: null,
    initiatorApp: directory.serviceApps[2],
    targets: [
      {
        id: guid(random),
        displayName: null,
        type: 'User',
        userPrincipalName: upn,
        groupType: null,
        modifiedProperties: [],
      },
    ],
    additionalDetails: [{ key: 'SyncCycle', value: `Delta-${slot}` }],
  };
}

function failedRoleAssignmentContent({ directory, actor, random }: BurstDraw): EventContent {
  const role = directory.roles[0];
  const member = pick(random, directory.users);
  return {
    initiatorUser: actor,
    initiatorApp: null,
    targets: [
      {
        id: role.id,
        displayName: role.displayName,
        type: 'Role',
        userPrincipalName: null,
        groupType: null,
        modifiedProperties: [],
      },
      {
        id: member.id,
        displayName: null,
        type: 'User',
        userPrincipalName: member.userPrincipalName,
        groupType: null,
        modifiedProperties: roleChanges(random, role, false),
      },
    ],
    additionalDetails: [{ key: 'User-Agent', value: userAgentFor(random) }],
  };
}

function appCredentialContent({ directory, block, actor, index, random }: BurstDraw): EventContent {
  const app = pick(block, directory.applications);
  const key = `[KeyIdentifier=${guid(random)},KeyType=Password,KeyUsage=Verify,DisplayName=burst-${hex(random, 4)}]`;
  return {
    initiatorUser: actor,
    initiatorApp: null,
    targets: [
      {
        id: index % 2 === 0 ? app.id : app.servicePrincipalId,
        displayName: app.displayName,
        type: index % 2 === 0 ? 'Application' : 'ServicePrincipal',
        userPrincipalName: null,
        groupType: null,
        modifiedProperties: [{ displayName: 'KeyDescription', oldValue: '[]', newValue: JSON.stringify([key]) }],
      },
    ],
    additionalDetails: [{ key: 'User-Agent', value: userAgentFor(random) }],
  };
}

const BURST_ACTIVITIES = {
  bulkUserImport: [findEmulatedActivity('Add user')!],
  failedRoleAssignments: [findEmulatedActivity('Add member to role')!],
  appCredentialChange: [
    findEmulatedActivity(APP_CREDENTIALS_ACTIVITY)!,
    findEmulatedActivity('Add service principal credentials')!,
  ],
};

function burstActivity(kind: BurstKind, index: number): EmulatedActivity {
  const choices = BURST_ACTIVITIES[kind];
  return choices[index % choices.length];
}

/** Microsoft's ids are not always GUIDs: Core Directory and SSGM use `Directory_<correlation>_<code>_<n>`. */
export function eventId(random: Random, service: string, correlationId: string, unique: number): string {
  const code = hex(random, 5).toUpperCase();
  const n = Math.floor(10_000_000 + random() * 89_999_999);
  if (service === 'Core Directory') {
    return `Directory_${correlationId}_${code}_${n}`;
  }
  if (service === 'Self-service Group Management') {
    return `SSGM_${correlationId}_${code}_${n}`;
  }
  return guid(random, unique + PLAIN_ID_OFFSET);
}
