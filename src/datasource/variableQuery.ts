import type { DataQuery, DataSourceApi } from '@grafana/data';

import type { AuditQuery, FilterCondition } from '../core/model/query';
import type { AuditJsonData } from './jsonData';
import type { CatalogueKind } from './variablesCatalogue';

// The variable query's shape, a leaf both the variable support and its editor read, so neither
// imports the other for a type.

export type VariableKind = CatalogueKind | 'initiators' | 'targets';

/** A query variable: what to list, narrowed by the same filter rows as a panel query. */
export interface AuditVariableQuery extends DataQuery {
  kind: VariableKind;
  filters: FilterCondition[];
}

export const DEFAULT_VARIABLE_QUERY: Omit<AuditVariableQuery, 'refId'> = { kind: 'activities', filters: [] };

/** The data source as the variable support sees it: any DataSourceApi of our query and settings. */
export type AuditDataSourceApi = DataSourceApi<AuditQuery, AuditJsonData>;
