import { AnnotationEvent, AnnotationQuery, AnnotationSupport, DataFrame, Field } from '@grafana/data';
import { Observable, of } from 'rxjs';

import { AnnotationQueryEditor } from '../components/AnnotationQueryEditor';
import { AuditQuery, DEFAULT_QUERY } from '../core/model/query';

/** Role assignments and policy changes are the changes a security team wants on every graph. */
export const DEFAULT_ANNOTATION_QUERY: Partial<AuditQuery> = {
  ...DEFAULT_QUERY,
  format: 'events',
  filters: [{ field: 'category', operator: 'eq', values: ['RoleManagement', 'Policy'] }],
};

/**
 * Annotations from any query: the stored filters run as an events query (whatever format the
 * query was saved with), and each event becomes one annotation.
 */
export const auditAnnotations: AnnotationSupport<AuditQuery> = {
  QueryEditor: AnnotationQueryEditor,
  getDefaultQuery: () => DEFAULT_ANNOTATION_QUERY,
  prepareQuery(annotation: AnnotationQuery<AuditQuery>): AuditQuery | undefined {
    const target = annotation.target;
    return { ...DEFAULT_ANNOTATION_QUERY, ...target, refId: target?.refId || 'Anno', format: 'events' } as AuditQuery;
  },
  processEvents(_annotation: AnnotationQuery<AuditQuery>, frames: DataFrame[]): Observable<AnnotationEvent[]> {
    return of(frames.flatMap(eventsToAnnotations));
  },
};

/** The events table's rows as annotations; frames of any other shape carry no events. */
export function eventsToAnnotations(frame: DataFrame): AnnotationEvent[] {
  const column = (name: string): Field | undefined => frame.fields.find((field) => field.name === name);
  const time = column('Time');
  const activity = column('Activity');
  if (!time || !activity) {
    return [];
  }
  const read = (field: Field | undefined, row: number) => (field ? String(field.values[row] ?? '') : '');
  const [category, service, result, reason, initiator, targets, id] = [
    'Category',
    'Service',
    'Result',
    'Result reason',
    'Initiated by',
    'Targets',
    'ID',
  ].map(column);
  const annotations: AnnotationEvent[] = [];
  for (let row = 0; row < frame.length; row++) {
    const outcome = read(result, row) || 'unknown';
    const why = read(reason, row);
    const lines = [
      `Initiated by: ${read(initiator, row) || 'unknown'}`,
      `Targets: ${read(targets, row) || 'none'}`,
      `Result: ${why && outcome.toLowerCase() !== 'success' ? `${outcome} (${why})` : outcome}`,
    ];
    annotations.push({
      id: read(id, row) || undefined,
      time: Number(time.values[row]),
      title: read(activity, row),
      // Grafana shows the text as sanitised HTML, where a newline would collapse into a space.
      text: lines.join(' · '),
      tags: [read(category, row), read(service, row)].filter((tag) => tag !== ''),
    });
  }
  return annotations;
}
