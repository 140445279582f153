import { collectionNotices } from '../collect/collect';
import { CollectedEvents } from '../collect/collectEvents';
import { pluginSideEvents, pluginSideEventsInSlices } from '../collect/pluginSide';
import { unknownActivityNotices } from '../collect/unknownActivities';
import { AuditQuery } from '../model/query';
import { RequestPlan } from '../plan/planRequest';
import { failure, QueryContext, QueryResult } from '../result';
import { buildFrames } from './buildFrames';
import { buildFramesInSlices, YieldToEventLoop } from './buildFramesInSlices';
import { CanonicalFrame, CanonicalRequest, Notice } from './canonical';
import { BuiltFrames } from './frameInput';

/** What the frames of a result are built from. */
export interface Framing {
  query: AuditQuery;
  context: QueryContext;
  plan: RequestPlan;
  collected: CollectedEvents;
  requests: CanonicalRequest[];
  /** A partial result while pages are still coming. */
  partial?: boolean;
  /** Notices after the collection's (e.g. a throttled walk's). */
  extraNotices?: Notice[];
}

/** Frames built a slice of rows at a time, handing the thread back in between (buildFramesInSlices.ts). */
export interface Slicing {
  yieldToEventLoop: YieldToEventLoop;
  rowsPerSlice: number;
}

/**
 * The frames stage: the collection through the query's plugin-side filters (collect/pluginSide.ts),
 * then the format's frames, stamped with the executed query string and the notices. In one synchronous pass, or in slices when `slicing` is given;
 * both give the same result.
 */
export function frameResult(framing: Framing, slicing?: Slicing): QueryResult | Promise<QueryResult> {
  return slicing ? framedInSlices(framing, slicing) : framedAtOnce(framing);
}

function framedAtOnce(framing: Framing): QueryResult {
  const { plan, collected } = framing;
  let built;
  let events;
  try {
    events = pluginSideEvents(collected, plan);
    built = buildFrames(frameInput(framing, events));
  } catch (error) {
    return failure(error, framing.requests, plan.executedQueryString);
  }
  return assemble(built, framing, events.length);
}

async function framedInSlices(framing: Framing, slicing: Slicing): Promise<QueryResult> {
  const { plan, collected } = framing;
  let built;
  let events;
  try {
    // The page that completed this walk (or step) was parsed and normalised in this task already.
    await slicing.yieldToEventLoop();
    events = await pluginSideEventsInSlices(collected, plan, slicing);
    built = await buildFramesInSlices(frameInput(framing, events), slicing.yieldToEventLoop, slicing.rowsPerSlice);
  } catch (error) {
    return failure(error, framing.requests, plan.executedQueryString);
  }
  return assemble(built, framing, events.length);
}

function frameInput({ query, context, collected }: Framing, events: CollectedEvents['events']) {
  return {
    query,
    events,
    from: collected.coveredFrom,
    to: collected.coveredTo,
    truncated: collected.truncated,
    intervalMs: context.intervalMs,
    rangeMs: context.range.to - context.range.from,
  };
}

function assemble(built: BuiltFrames<CanonicalFrame>, framing: Framing, rows: number): QueryResult {
  const { plan, collected, context } = framing;
  const notices = [
    ...plan.notices,
    ...collectionNotices(collected, context.settings.maxEvents, framing.partial ?? false),
    ...(framing.extraNotices ?? []),
    ...built.notices,
    // A partial result may still find the name on a later page.
    ...(framing.partial ? [] : unknownActivityNotices(framing.query.filters ?? [], rows, collected.events)),
  ];
  const frames = built.frames.map((frame, index) => ({
    ...frame,
    meta: {
      ...frame.meta,
      executedQueryString: plan.executedQueryString,
      ...(index === 0 && notices.length > 0 ? { notices } : {}),
    },
  }));
  return { frames, notices, requests: framing.requests, executedQueryString: plan.executedQueryString };
}
