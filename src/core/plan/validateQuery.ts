import { invalidQuery } from '../errors/queryError';
import { GROUP_LABEL } from '../frames/groups';
import { AuditQuery, FILTER_FIELDS, FILTER_OPERATORS, QUERY_FORMATS } from '../model/query';

const FORMATS = QUERY_FORMATS;
const FIELDS: readonly unknown[] = FILTER_FIELDS;
const OPERATORS: readonly unknown[] = FILTER_OPERATORS;
/** topN never needs more than the events of one query; the coming server store holds at most 1,000,000. */
export const MAX_TOP_N = 1_000_000;

/**
 * A stored query comes from dashboards JSON, provisioning files and the API, not only the editor:
 * anything outside the model fails here with the field to fix, instead of deep in a frame builder.
 * pkg/models/query.go checks the same rules in the same order, so both engines name the same one.
 */
export function validateQuery(query: AuditQuery): void {
  if (!FORMATS.includes(query.format)) {
    throw invalidQuery(
      'unknownFormat',
      `The format ${JSON.stringify(query.format)} is unknown. Use one of: ${FORMATS.join(', ')}.`
    );
  }
  if (!isGroupBy(query.groupBy)) {
    throw invalidQuery(
      'unknownGroupBy',
      `Group by ${JSON.stringify(query.groupBy)} is unknown. Use one of: ${Object.keys(GROUP_LABEL).join(', ')}.`
    );
  }
  validateSecondGroupBy(query);
  validateFilters(query.filters);
  const topN: unknown = query.topN;
  if (topN !== undefined && topN !== null && !isWhole(topN, 0, MAX_TOP_N)) {
    throw invalidQuery(
      'badTopN',
      `Top N must be a whole number of groups up to ${MAX_TOP_N} (0 keeps them all), not ${JSON.stringify(topN)}.`
    );
  }
  const groups: unknown = query.groups;
  if (groups !== undefined && groups !== null && !isTextList(groups)) {
    throw invalidQuery('badGroups', 'The named groups must be a list of group names.');
  }
  validateRawFilterText(query.rawFilter);
  if (query.bucket !== undefined && typeof query.bucket !== 'string') {
    throw invalidQuery('badBucket', `The bucket ${JSON.stringify(query.bucket)} is not text. Use e.g. 5m, 1h or auto.`);
  }
  if (query.refId !== undefined && query.refId !== null && typeof query.refId !== 'string') {
    throw invalidQuery('badRefId', "The query's refId must be text.");
  }
}

function isGroupBy(value: unknown): boolean {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(GROUP_LABEL, value);
}

/** Absent (or null, or empty) means one grouping; otherwise a known grouping other than the first. */
function validateSecondGroupBy(query: AuditQuery): void {
  const second: unknown = query.secondGroupBy;
  if (second === undefined) {
    return;
  }
  if (!isGroupBy(second)) {
    throw invalidQuery(
      'unknownGroupBy',
      `The second group by ${JSON.stringify(second)} is unknown. Use one of: ${Object.keys(GROUP_LABEL).join(', ')}, or leave it empty.`
    );
  }
  if (second === query.groupBy) {
    throw invalidQuery(
      'unknownGroupBy',
      `The second group by repeats the first (${second}). Choose another grouping, or leave it empty.`
    );
  }
}

function validateFilters(filters: unknown): void {
  if (!Array.isArray(filters)) {
    throw invalidQuery('badFilters', 'The query\'s "filters" must be a list of filter rows.');
  }
  filters.forEach((condition, index) => {
    const row = `Filter row ${index + 1}`;
    if (!FIELDS.includes(condition?.field)) {
      throw invalidQuery(
        'unknownFilterField',
        `${row} filters on ${JSON.stringify(condition?.field)}, which is not a known field. Use one of: ${FIELDS.join(', ')}.`
      );
    }
    if (!OPERATORS.includes(condition.operator)) {
      throw invalidQuery(
        'unknownOperator',
        `${row} uses the operator ${JSON.stringify(condition.operator)}. Use one of: ${OPERATORS.join(', ')}.`
      );
    }
    if (condition.values !== undefined && condition.values !== null && !isTextList(condition.values)) {
      throw invalidQuery('badFilterValues', `${row} must list its values as text.`);
    }
  });
}

/** The clause must be text on one line: a control character could only smuggle something into the request. */
function validateRawFilterText(rawFilter: unknown): void {
  if (rawFilter === undefined || rawFilter === null) {
    return;
  }
  if (typeof rawFilter !== 'string') {
    throw invalidQuery('badRawFilter', 'The raw $filter must be text.');
  }
  if (hasControlCharacter(rawFilter)) {
    throw invalidQuery(
      'badRawFilter',
      'The raw $filter holds a control character (a line break, tab or similar). Write the clause on one line.'
    );
  }
}

/** C0 and C1 controls and DEL (Go's check in pkg/models/query.go is the same). */
export function hasControlCharacter(text: string): boolean {
  return /[\u0000-\u001f\u007f-\u009f]/.test(text);
}

function isWhole(value: unknown, lowest: number, highest: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= lowest && value <= highest;
}

function isTextList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
