import { AuditEvent } from '../model/event';
import { buildFrames } from './buildFrames';
import { CanonicalFrame } from './canonical';
import { eventColumns, eventsTableFrame, fillEventRows } from './eventsTable';
import { BuiltFrames, FrameInput } from './frameInput';
import { fillLogRows, logColumns, logFrame } from './logs';

/**
 * Hands the thread back to the event loop (the browser adapter passes a macrotask yield), so a
 * large result is framed in several short tasks instead of one that freezes the page.
 */
export type YieldToEventLoop = () => Promise<void>;

/**
 * Rows framed between two yields. The events table, the slowest builder, frames about 10k rows
 * in 30-40 ms in Node on the benchmark machine; 4k leaves room for a slower laptop and for the
 * garbage collector, whose pauses land in whichever task is running.
 */
export const ROWS_PER_SLICE = 4000;

async function inSlices(
  rows: number,
  rowsPerSlice: number,
  yieldToEventLoop: YieldToEventLoop,
  fill: (start: number, end: number) => void
): Promise<void> {
  for (let start = 0; start < rows; start += rowsPerSlice) {
    if (start > 0) {
      await yieldToEventLoop();
    }
    fill(start, Math.min(rows, start + rowsPerSlice));
  }
}

/** `events.filter(keep)`, yielding between slices. */
export async function filterInSlices(
  events: AuditEvent[],
  keep: (event: AuditEvent) => boolean,
  yieldToEventLoop: YieldToEventLoop,
  rowsPerSlice = ROWS_PER_SLICE
): Promise<AuditEvent[]> {
  const kept: AuditEvent[] = [];
  await inSlices(events.length, rowsPerSlice, yieldToEventLoop, (start, end) => {
    for (let i = start; i < end; i++) {
      if (keep(events[i])) {
        kept.push(events[i]);
      }
    }
  });
  return kept;
}

/**
 * The same frames as `buildFrames`, byte for byte. The row-per-event formats fill their columns
 * a slice at a time; the counting formats stay one pass, as they take a few tens of
 * milliseconds for 100k events.
 */
export async function buildFramesInSlices(
  input: FrameInput,
  yieldToEventLoop: YieldToEventLoop,
  rowsPerSlice = ROWS_PER_SLICE
): Promise<BuiltFrames<CanonicalFrame>> {
  const { events, query } = input;
  switch (query.format) {
    case 'events': {
      const columns = eventColumns(events.length);
      await inSlices(events.length, rowsPerSlice, yieldToEventLoop, (start, end) =>
        fillEventRows(events, columns, start, end)
      );
      return { frames: [eventsTableFrame(query.refId, columns)], notices: [] };
    }
    case 'logs': {
      const columns = logColumns(events.length);
      await inSlices(events.length, rowsPerSlice, yieldToEventLoop, (start, end) =>
        fillLogRows(events, columns, start, end)
      );
      return { frames: [logFrame(query.refId, columns)], notices: [] };
    }
    default:
      return buildFrames(input);
  }
}

/**
 * A macrotask yield for the browser: a MessageChannel message runs after pending input and
 * rendering, without setTimeout's 4 ms clamp on nested timers.
 */
export function macrotaskYield(): Promise<void> {
  if (typeof MessageChannel === 'undefined') {
    return new Promise((resolve) => setTimeout(resolve, 0));
  }
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
