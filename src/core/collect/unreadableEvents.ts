import { QueryError } from '../errors/queryError';
import { QueryFormat } from '../model/query';

/**
 * Events the plugin cannot read (no readable time, or malformed: see MALFORMED_EVENT). A dashboard
 * shows the others with this notice; pkg/engine words it the same (the conformance vectors compare it).
 */
export function unreadableNotice(count: number): string {
  return `${count} events could not be read (a field of the wrong kind, or no readable activityDateTime) and are not counted.`;
}

/** An alert would count too few and never say so: alert numbers fail instead (issue 14, finding 8). */
export function unreadableForAlert(count: number, format: QueryFormat): QueryError | undefined {
  if (count === 0 || format !== 'alertNumbers') {
    return undefined;
  }
  return new QueryError(
    'invalidResponse',
    `${unreadableNotice(count)} An alert would count too few events, so the evaluation fails instead. ` +
      'Check the events in the audit log (Entra admin center) or report the response to Microsoft.'
  );
}
