import { AuditEvent, AuditTarget } from '../model/event';
import { BuiltFrames, FrameInput } from './frameInput';
import { CanonicalField, CanonicalFrame } from './canonical';

export function describeTarget(target: AuditTarget): string {
  const name = target.displayName || target.userPrincipalName || target.id;
  return target.type ? `${name} (${target.type})` : name;
}

export function describeTargets(event: AuditEvent): string {
  return event.targets.map(describeTarget).join(', ');
}

type Column = [name: string, type: CanonicalField['type'], read: (event: AuditEvent) => unknown];

const COLUMNS: Column[] = [
  ['Time', 'time', (e) => e.time],
  ['Activity', 'string', (e) => e.activity],
  ['Category', 'string', (e) => e.category],
  ['Service', 'string', (e) => e.service],
  ['Result', 'string', (e) => e.result],
  ['Result reason', 'string', (e) => e.resultReason],
  ['Operation type', 'string', (e) => e.operationType],
  ['Initiated by', 'string', (e) => e.initiatedBy],
  ['Initiator IP', 'string', (e) => e.initiatorIp],
  ['Targets', 'string', describeTargets],
  ['Correlation ID', 'string', (e) => e.correlationId],
  ['ID', 'string', (e) => e.id],
  ['Additional details', 'string', (e) => JSON.stringify(e.additionalDetails)],
  ['Modified properties', 'string', (e) => JSON.stringify(e.modifiedProperties)],
];

/** A row per event, newest first, with columns an admin reads without opening JSON. */
export function eventsTableFrames(input: FrameInput): BuiltFrames<CanonicalFrame> {
  const frame: CanonicalFrame = {
    name: 'Audit events',
    refId: input.query.refId,
    meta: { type: 'table', typeVersion: [0, 0], preferredVisualisationType: 'table' },
    fields: COLUMNS.map(([name, type, read]) => ({ name, type, values: input.events.map(read) })),
  };
  return { frames: [frame], notices: [] };
}
