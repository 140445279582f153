import { matchesAll } from '../filter/matchConditions';
import { filterInSlices, YieldToEventLoop } from '../frames/buildFramesInSlices';
import { AuditEvent } from '../model/event';
import { RequestPlan } from '../plan/planRequest';
import { CollectedEvents } from './collectEvents';

/**
 * The collected events that pass the plan's plugin-side filters. Go's collector applies them as
 * pages arrive; here a walk may be shared by queries with different filters, so each query
 * applies its own when its result is built.
 */
export function pluginSideEvents(collected: CollectedEvents, plan: RequestPlan): AuditEvent[] {
  return plan.pluginConditions.length > 0
    ? collected.events.filter((e) => matchesAll(plan.pluginConditions, e))
    : collected.events;
}

/** `pluginSideEvents`, yielding to the event loop between slices of rows. */
export async function pluginSideEventsInSlices(
  collected: CollectedEvents,
  plan: RequestPlan,
  slicing: { yieldToEventLoop: YieldToEventLoop; rowsPerSlice: number }
): Promise<AuditEvent[]> {
  return plan.pluginConditions.length > 0
    ? filterInSlices(
        collected.events,
        (e) => matchesAll(plan.pluginConditions, e),
        slicing.yieldToEventLoop,
        slicing.rowsPerSlice
      )
    : collected.events;
}
