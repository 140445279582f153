import { EmulatedActivity } from './activityMix';
import { Instant } from '../odata/instant';
import { SyntheticEvent } from './types';

/** Everything about an event beyond when, what and how it ended: built only when someone looks. */
export type EventDetails = Omit<SyntheticEvent, 'slot' | 'index' | 'time' | 'visibleAt' | 'activity' | 'result'>;

/**
 * A generated event whose details are derived from the seed on first access. Counting a million
 * events by time, activity and result then never builds their targets, ids or user agents.
 */
export class GeneratedEvent implements SyntheticEvent {
  private details: EventDetails | undefined;

  constructor(
    readonly slot: number,
    readonly index: number,
    readonly time: Instant,
    readonly visibleAt: number,
    readonly activity: EmulatedActivity,
    readonly result: SyntheticEvent['result'],
    readonly burst: string | undefined,
    private readonly describe: (event: GeneratedEvent) => EventDetails
  ) {}

  private get all(): EventDetails {
    if (!this.details) {
      this.details = this.describe(this);
    }
    return this.details;
  }

  get id() {
    return this.all.id;
  }
  get correlationId() {
    return this.all.correlationId;
  }
  get resultReason() {
    return this.all.resultReason;
  }
  get initiatorUser() {
    return this.all.initiatorUser;
  }
  get initiatorApp() {
    return this.all.initiatorApp;
  }
  get ipAddress() {
    return this.all.ipAddress;
  }
  get userAgent() {
    return this.all.userAgent;
  }
  get targets() {
    return this.all.targets;
  }
  get additionalDetails() {
    return this.all.additionalDetails;
  }
}
