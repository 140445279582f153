import { ScopedVars } from '@grafana/data';
import { TemplateSrv } from '@grafana/runtime';

import { ALL_VALUES, AuditQuery, FilterCondition } from '../core/model/query';

const SINGLE_REFERENCE = /^\s*(?:\$(\w+)|\$\{(\w+)(?::[^}]*)?\}|\[\[(\w+)(?::[^\]]*)?\]\])\s*$/;
const MARK = '\u0000value\u0000';

/**
 * Resolves template variables in a stored query. A multi-value variable becomes several values
 * of its filter row; Grafana's "All" becomes ALL_VALUES, which filters nothing. Values never pass
 * through OData here: the planner quotes them, and the raw clause gets them escaped.
 */
export function interpolateQuery(query: AuditQuery, scopedVars: ScopedVars, templateSrv: TemplateSrv): AuditQuery {
  return {
    ...query,
    filters: (query.filters ?? []).map((condition): FilterCondition => ({
      ...condition,
      values: condition.values.flatMap((value) => expandValue(value, scopedVars, templateSrv)),
    })),
    rawFilter: query.rawFilter
      ? templateSrv.replace(query.rawFilter, scopedVars, escapeForODataLiteral)
      : query.rawFilter,
    bucket: query.bucket ? templateSrv.replace(query.bucket, scopedVars) : query.bucket,
    groups: query.groups
      ?.flatMap((group) => expandValue(group, scopedVars, templateSrv))
      .filter((g) => g !== ALL_VALUES),
  };
}

export function expandValue(value: string, scopedVars: ScopedVars, templateSrv: TemplateSrv): string[] {
  if (!templateSrv.containsTemplate(value)) {
    return [value];
  }
  const single = SINGLE_REFERENCE.exec(value);
  const name = single && (single[1] ?? single[2] ?? single[3]);
  if (name && isAllSelected(name, scopedVars, templateSrv)) {
    return [ALL_VALUES];
  }
  let several: string[] | undefined;
  const replaced = templateSrv.replace(value, scopedVars, (selected: unknown) => {
    if (Array.isArray(selected)) {
      several = selected.map(String);
      return MARK;
    }
    return String(selected ?? '');
  });
  if (several === undefined) {
    return [replaced];
  }
  const values = several;
  return values.map((v) => replaced.split(MARK).join(v));
}

function isAllSelected(name: string, scopedVars: ScopedVars, templateSrv: TemplateSrv): boolean {
  const scoped = scopedVars?.[name]?.value;
  if (scoped !== undefined) {
    return scoped === ALL_VALUES || (Array.isArray(scoped) && scoped.includes(ALL_VALUES));
  }
  const variable = templateSrv.getVariables().find((v) => v.name === name) as
    { current?: { value?: unknown } } | undefined;
  const current = variable?.current?.value;
  return current === ALL_VALUES || (Array.isArray(current) && current.includes(ALL_VALUES));
}

/** Inside an expert's raw clause a value may sit in a literal: double its quotes so it stays there. */
function escapeForODataLiteral(selected: unknown): string {
  const values = Array.isArray(selected) ? selected : [selected];
  return values.map((v) => String(v ?? '').replace(/'/g, "''")).join(',');
}
