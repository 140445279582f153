import { AuditEvent } from '../model/event';
import { BuiltFrames, FrameInput } from './frameInput';
import { CanonicalFrame } from './canonical';
import { describeTargets } from './eventsTable';
import { describeChanges, targetIds, targetUpns } from './changes';
import { CHANGED_VALUE_NAMES } from '../normalize/changedValues';

/** Grafana's log levels: a failed change is an error, a timeout a warning. */
export function severityOf(result: string): string {
  // Graph writes results in lower case; lower-casing only the rest keeps 100k lines cheap.
  switch (result === 'success' || result === 'failure' || result === 'timeout' ? result : result.toLowerCase()) {
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
  let body = `${event.activity || '(unnamed activity)'}: ${event.result || 'unknown result'}`;
  if (event.initiatedBy) {
    body += `, by ${event.initiatedBy}`;
  }
  const targets = describeTargets(event);
  if (targets) {
    body += `, on ${targets}`;
  }
  if (event.resultReason && severityOf(event.result) !== 'info') {
    body += `, reason: ${event.resultReason}`;
  }
  return body;
}

/** Empty columns sized for `rows`: timestamp, body, severity, id, labels. */
export function logColumns(rows: number): unknown[][] {
  return [new Array(rows), new Array(rows), new Array(rows), new Array(rows), new Array(rows)];
}

/** Fills `columns` for events [start, end) in one pass per event. */
export function fillLogRows(events: AuditEvent[], columns: unknown[][], start: number, end: number): void {
  const [timestamp, body, severity, id, labels] = columns;
  for (let i = start; i < end; i++) {
    const e = events[i];
    timestamp[i] = e.time;
    body[i] = logBody(e);
    severity[i] = severityOf(e.result);
    id[i] = e.id;
    labels[i] = logLabels(e);
  }
}

/**
 * A line's labels: the fields every line has, then the ids, the changes and the named changed
 * values an investigator pivots on, each only when the event logs it (Grafana shows labels in
 * the log details). Go writes the same keys in the same order (pkg/frames logLabels).
 */
function logLabels(e: AuditEvent): Record<string, string> {
  const labels: Record<string, string> = {
    activity: e.activity,
    category: e.category,
    service: e.service,
    result: e.result,
    operationType: e.operationType,
    initiatedBy: e.initiatedBy,
    correlationId: e.correlationId,
  };
  const optional: Array<[string, string]> = [
    ['initiatorUserId', e.initiatorUserId],
    ['initiatorAppId', e.initiatorAppId],
    ['initiatorServicePrincipalId', e.initiatorServicePrincipalId],
    ['ipAddress', e.initiatorIp],
    ['userAgent', e.userAgent],
    ['targetIds', targetIds(e)],
    ['targetUpns', targetUpns(e)],
    ['changes', e.modifiedProperties.length > 0 ? describeChanges(e) : ''],
  ];
  for (const [name, value] of optional) {
    if (value) {
      labels[name] = value;
    }
  }
  for (const name of CHANGED_VALUE_NAMES) {
    if (e.changes[name]) {
      labels[name] = e.changes[name];
    }
  }
  return labels;
}

export function logFrame(refId: string | undefined, columns: unknown[][]): CanonicalFrame {
  const [timestamp, body, severity, id, labels] = columns;
  return {
    name: 'Audit log',
    refId,
    meta: { type: 'log-lines', typeVersion: [0, 0], preferredVisualisationType: 'logs' },
    fields: [
      { name: 'timestamp', type: 'time', values: timestamp },
      { name: 'body', type: 'string', values: body },
      { name: 'severity', type: 'string', values: severity },
      { name: 'id', type: 'string', values: id },
      { name: 'labels', type: 'other', values: labels },
    ],
  };
}

/** A log-lines frame (dataplane logs contract), newest first. */
export function logFrames(input: FrameInput): BuiltFrames<CanonicalFrame> {
  const columns = logColumns(input.events.length);
  fillLogRows(input.events, columns, 0, input.events.length);
  return { frames: [logFrame(input.query.refId, columns)], notices: [] };
}
