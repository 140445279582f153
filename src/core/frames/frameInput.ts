import { AuditEvent } from '../model/event';
import { AuditQuery } from '../model/query';
import { Notice } from './canonical';

/** Everything a frame builder needs; builders are pure and do no I/O. */
export interface FrameInput {
  query: AuditQuery;
  /** Newest first, de-duplicated, already filtered. */
  events: AuditEvent[];
  /** The span the events are complete for. */
  from: number;
  to: number;
  /** The walk was cut by the events limit: the first bucket must not be a partial one. */
  truncated: boolean;
  intervalMs: number;
  /** The query's whole time range, which bounds the bucket; `to - from` when absent. */
  rangeMs?: number;
}

export interface BuiltFrames<F> {
  frames: F[];
  notices: Notice[];
}
