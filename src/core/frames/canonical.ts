/**
 * The engine's output, in the shape conformance/README.md defines so the TypeScript and Go
 * engines can be compared byte for byte. The DataSource adapter turns these into Grafana frames.
 */
export type CanonicalFieldType = 'time' | 'number' | 'string' | 'boolean' | 'other';

export interface CanonicalField {
  name: string;
  type: CanonicalFieldType;
  labels?: Record<string, string>;
  config?: { displayNameFromDS?: string; unit?: string };
  values: unknown[];
}

export type NoticeSeverity = 'info' | 'warning' | 'error';

export interface Notice {
  severity: NoticeSeverity;
  text: string;
}

export interface CanonicalFrameMeta {
  type: string;
  typeVersion: [number, number];
  preferredVisualisationType?: 'graph' | 'table' | 'logs';
  notices?: Notice[];
  executedQueryString?: string;
}

export interface CanonicalFrame {
  name: string;
  refId?: string;
  meta: CanonicalFrameMeta;
  fields: CanonicalField[];
}

/** One HTTP request as conformance vectors record it: path relative to the API base, decoded query. */
export interface CanonicalRequest {
  method: 'GET';
  path: string;
  query: Record<string, string>;
}
