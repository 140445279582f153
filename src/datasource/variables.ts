import {
  CustomVariableSupport,
  DataFrame,
  DataQueryRequest,
  DataQueryResponse,
  FieldType,
  LoadingState,
  toDataFrame,
} from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { filter, map, Observable, of } from 'rxjs';

import { GROUP_NONE } from '../core/frames/groups';
import { AuditQuery, GROUP_OTHER } from '../core/model/query';
import { VariableQueryEditor } from '../components/VariableQueryEditor';
import { interpolateQuery } from './interpolateQuery';
import type { AuditJsonData } from './jsonData';
import { asVariableRequest } from './queryPriority';
import {
  type AuditDataSourceApi,
  type AuditVariableQuery,
  DEFAULT_VARIABLE_QUERY,
  type VariableKind,
} from './variableQuery';
import { CatalogueKind, catalogueValues } from './variablesCatalogue';

export {
  type AuditDataSourceApi,
  type AuditVariableQuery,
  DEFAULT_VARIABLE_QUERY,
  type VariableKind,
} from './variableQuery';

const CATALOGUE_KINDS: ReadonlySet<VariableKind> = new Set(['activities', 'categories', 'services']);

/**
 * Activities, categories and services come from Microsoft's catalogue, so listing them costs no
 * request. Initiators and targets come from the events in the dashboard's range through the data
 * source's own query path, so they share its walks, request budget and errors.
 */
export class AuditVariableSupport extends CustomVariableSupport<
  AuditDataSourceApi,
  AuditVariableQuery,
  AuditQuery,
  AuditJsonData
> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: AuditDataSourceApi) {
    super();
  }

  getDefaultQuery(): Partial<AuditVariableQuery> {
    return DEFAULT_VARIABLE_QUERY;
  }

  query(request: DataQueryRequest<AuditVariableQuery>): Observable<DataQueryResponse> {
    const stored = { ...DEFAULT_VARIABLE_QUERY, ...request.targets[0] };
    if (CATALOGUE_KINDS.has(stored.kind)) {
      // Chained variables: "activities of $category" narrows by the category picked now.
      const { filters } = interpolateQuery(
        { refId: stored.refId, format: 'events', groupBy: 'activity', filters: stored.filters },
        request.scopedVars,
        getTemplateSrv()
      );
      return of({ data: [valuesFrame(catalogueValues(stored.kind as CatalogueKind, filters))] });
    }
    const query = toEventsQuery(stored);
    // A dashboard waits for its variables before any panel runs: they go first.
    const response = this.datasource.query(
      asVariableRequest({ ...request, targets: [query] })
    ) as Observable<DataQueryResponse>;
    return response.pipe(
      // Partial pages would offer an incomplete list; wait for the whole walk.
      filter((packet) => packet.state !== LoadingState.Streaming),
      map((packet) => {
        if (packet.errors?.length) {
          throw new Error(packet.errors[0].message ?? 'The variable query failed.');
        }
        const values = stored.kind === 'initiators' ? initiatorsOf(packet.data) : targetsOf(packet.data);
        return { data: [valuesFrame(values)] };
      })
    );
  }
}

export function toEventsQuery(variable: AuditVariableQuery): AuditQuery {
  return variable.kind === 'initiators'
    ? { refId: variable.refId, format: 'summary', groupBy: 'initiatedBy', filters: variable.filters }
    : { refId: variable.refId, format: 'events', groupBy: 'activity', filters: variable.filters };
}

/** The summary's group column, busiest initiator first. */
export function initiatorsOf(frames: DataFrame[]): string[] {
  const column = frames[0]?.fields[0];
  const values = (column?.values ?? []).map(String);
  return values.filter((value) => value !== GROUP_NONE && value !== GROUP_OTHER && value !== '');
}

/** Target names from the events table, most frequent first. */
export function targetsOf(frames: DataFrame[]): string[] {
  const column = frames[0]?.fields.find((field) => field.name === 'Targets');
  const counts = new Map<string, number>();
  for (const cell of column?.values ?? []) {
    for (const name of splitTargets(String(cell ?? ''))) {
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([name]) => name);
}

/**
 * Undoes the events table's "name (Type), name (Type)" so a name that itself holds ", " survives:
 * each target ends at its "(Type)" suffix, as `describeTarget` writes it.
 */
export function splitTargets(cell: string): string[] {
  const names: string[] = [];
  const pattern = /(.+?) \(([A-Za-z]+)\)(?:, |$)/g;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(cell)) !== null) {
    names.push(match[1]);
    consumed = pattern.lastIndex;
  }
  // Targets without a type are written bare; whatever no "(Type)" claimed is one such name.
  const rest = cell.slice(consumed).trim();
  if (rest) {
    names.push(rest);
  }
  return names.filter((name) => name !== '');
}

function valuesFrame(values: string[]): DataFrame {
  return toDataFrame({
    fields: [
      { name: 'text', type: FieldType.string, values },
      { name: 'value', type: FieldType.string, values },
    ],
  });
}
