import { AuditEvent } from '../model/event';
import { BuiltFrames, FrameInput } from './frameInput';
import { CanonicalFrame } from './canonical';
import { describeTargets } from './eventsTable';

/** Grafana's log levels: a failed change is an error, a timeout a warning. */
export function severityOf(result: string): string {
  switch (result.toLowerCase()) {
    case 'success':
      return 'info';
    case 'failure':
      return 'error';
    case 'timeout':
      return 'warning';
    default:
      return 'unknown';
  }
}

export function logBody(event: AuditEvent): string {
  const parts = [`${event.activity || '(unnamed activity)'}: ${event.result || 'unknown result'}`];
  if (event.initiatedBy) {
    parts.push(`by ${event.initiatedBy}`);
  }
  const targets = describeTargets(event);
  if (targets) {
    parts.push(`on ${targets}`);
  }
  if (event.resultReason && event.result.toLowerCase() !== 'success') {
    parts.push(`reason: ${event.resultReason}`);
  }
  return parts.join(', ');
}

/** A log-lines frame (dataplane logs contract), newest first. */
export function logFrames(input: FrameInput): BuiltFrames<CanonicalFrame> {
  const { events } = input;
  const frame: CanonicalFrame = {
    name: 'Audit log',
    refId: input.query.refId,
    meta: { type: 'log-lines', typeVersion: [0, 0], preferredVisualisationType: 'logs' },
    fields: [
      { name: 'timestamp', type: 'time', values: events.map((e) => e.time) },
      { name: 'body', type: 'string', values: events.map(logBody) },
      { name: 'severity', type: 'string', values: events.map((e) => severityOf(e.result)) },
      { name: 'id', type: 'string', values: events.map((e) => e.id) },
      {
        name: 'labels',
        type: 'other',
        values: events.map((e) => ({
          activity: e.activity,
          category: e.category,
          service: e.service,
          result: e.result,
          operationType: e.operationType,
          initiatedBy: e.initiatedBy,
          correlationId: e.correlationId,
        })),
      },
    ],
  };
  return { frames: [frame], notices: [] };
}
