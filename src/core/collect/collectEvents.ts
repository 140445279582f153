import { AuditEvent } from '../model/event';
import { normalizeDirectoryAudit } from '../normalize/normalizeDirectoryAudit';
import { PageVerdict } from '../walk/walkPages';

export interface CollectedEvents {
  /** De-duplicated, inside the covered span, newest first; plugin-side filters are the caller's. */
  events: AuditEvent[];
  /** The span the events are complete for: the plan's range, or less when the limit stopped the walk. */
  coveredFrom: number;
  coveredTo: number;
  truncated: boolean;
  fetched: number;
  duplicates: number;
  unreadable: number;
}

/**
 * Turns pages into events as they arrive, unfiltered so several queries can share one walk. Counts every fetched event against the limit; when the
 * limit cuts a walk (newest first), the covered span is shrunk so no millisecond it reports is
 * only partly fetched.
 */
export class EventCollector {
  private readonly seenIds = new Set<string>();
  private kept: AuditEvent[] = [];
  private fetched = 0;
  private duplicates = 0;
  private unreadable = 0;
  private oldestFetched = Number.POSITIVE_INFINITY;
  /** Time of the first event the limit left unread, when there was one on the page. */
  private firstUnread?: number;
  private limitReached = false;

  constructor(
    private readonly range: { from: number; to: number },
    private readonly maxEvents: number,
    private readonly normalize: (raw: unknown) => AuditEvent | undefined = normalizeDirectoryAudit
  ) {}

  get fetchedCount(): number {
    return this.fetched;
  }

  add(items: unknown[]): PageVerdict {
    for (const raw of items) {
      const event = this.normalize(raw);
      if (this.fetched >= this.maxEvents) {
        // Only the first event past the limit tells where reading stopped.
        if (!this.limitReached) {
          this.limitReached = true;
          this.firstUnread = event?.time;
        }
        return 'stop';
      }
      this.fetched++;
      if (!event) {
        this.unreadable++;
        continue;
      }
      this.oldestFetched = Math.min(this.oldestFetched, event.time);
      if (event.id && this.seenIds.has(event.id)) {
        this.duplicates++;
        continue;
      }
      if (event.id) {
        this.seenIds.add(event.id);
      }
      if (event.time >= this.range.from && event.time <= this.range.to) {
        this.kept.push(event);
      }
    }
    return this.fetched >= this.maxEvents ? 'stop' : 'continue';
  }

  /** `walkStoppedEarly`: the walk ended on the limit while Graph still had pages. */
  result(walkStoppedEarly: boolean): CollectedEvents {
    const truncated = this.limitReached || walkStoppedEarly;
    let coveredFrom = this.range.from;
    if (truncated) {
      const boundary = Number.isFinite(this.oldestFetched) ? this.oldestFetched : this.range.to;
      // Events sharing the boundary millisecond may sit on the unread side; drop that millisecond.
      const boundaryComplete = this.firstUnread !== undefined && this.firstUnread < boundary;
      coveredFrom = Math.max(this.range.from, boundaryComplete ? boundary : boundary + 1);
    }
    const events = this.newestFirstFrom(coveredFrom);
    return {
      events,
      coveredFrom,
      coveredTo: this.range.to,
      truncated,
      fetched: this.fetched,
      duplicates: this.duplicates,
      unreadable: this.unreadable,
    };
  }

  /**
   * Kept events at or after `from`, newest first. Graph pages arrive newest first, so the kept
   * list is nearly always sorted already: checking that and slicing is a fraction of a sort and a
   * filter over 100k events, which partial results repeat every second. A stable sort in place
   * gives every later call the same order a fresh sort would.
   */
  private newestFirstFrom(from: number): AuditEvent[] {
    const kept = this.kept;
    for (let i = 1; i < kept.length; i++) {
      if (kept[i].time > kept[i - 1].time) {
        kept.sort((a, b) => b.time - a.time);
        break;
      }
    }
    let end = kept.length;
    while (end > 0 && kept[end - 1].time < from) {
      end--;
    }
    return kept.slice(0, end);
  }

  /** A snapshot for streaming partial results; the walk has not reached older pages yet. */
  partial(): CollectedEvents {
    return this.result(true);
  }
}
