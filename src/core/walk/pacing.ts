import { Clock } from '../time/clock';

/** Handed to a request that may go out; told how it ended so the budget can account for it. */
export interface RequestSlot {
  /**
   * The answer arrived. `throttledForMs`: Graph answered 429 (or the caller backs off after a
   * 429 it could not read) and asked for this long: nobody of this data source asks before then.
   */
  done(throttledForMs?: number): void;
}

/**
 * What paces a walk's requests: each waits for a slot. The browser's RequestBudget
 * (coordinate/requestBudget.ts) is one; a walk without pacing sends each request at once.
 */
export interface Pacing {
  acquire(clock: Clock, signal?: AbortSignal): Promise<RequestSlot>;
}
