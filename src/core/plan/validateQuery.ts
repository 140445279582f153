import { QueryError } from '../errors/queryError';
import { GROUP_LABEL } from '../frames/groups';
import { AuditQuery, FilterField, QueryFormat } from '../model/query';

const FORMATS: QueryFormat[] = ['timeSeries', 'events', 'summary', 'logs', 'alertNumbers'];
const FIELDS: FilterField[] = [
  'activity',
  'service',
  'category',
  'result',
  'operationType',
  'activityType',
  'initiatedBy',
  'initiatorUpn',
  'initiatorUserId',
  'initiatorUserName',
  'initiatorAppId',
  'initiatorAppName',
  'targetId',
  'targetName',
  'targetType',
  'correlationId',
  'id',
];

/**
 * A stored query comes from dashboards JSON, provisioning files and the API, not only the editor:
 * anything outside the model fails here with the field to fix, instead of deep in a frame builder.
 */
export function validateQuery(query: AuditQuery): void {
  if (!FORMATS.includes(query.format)) {
    throw invalid(`The format "${query.format}" is unknown. Use one of: ${FORMATS.join(', ')}.`);
  }
  if (!(query.groupBy in GROUP_LABEL)) {
    throw invalid(`Group by "${query.groupBy}" is unknown. Use one of: ${Object.keys(GROUP_LABEL).join(', ')}.`);
  }
  if (!Array.isArray(query.filters)) {
    throw invalid('The query\'s "filters" must be a list of filter rows.');
  }
  query.filters.forEach((condition, index) => {
    const row = `Filter row ${index + 1}`;
    if (!FIELDS.includes(condition?.field)) {
      throw invalid(
        `${row} filters on "${condition?.field}", which is not a known field. Use one of: ${FIELDS.join(', ')}.`
      );
    }
    if (condition.operator !== 'eq' && condition.operator !== 'startsWith') {
      throw invalid(`${row} uses the operator "${condition.operator}"; only eq and startsWith exist.`);
    }
    if (!Array.isArray(condition.values) || condition.values.some((v) => typeof v !== 'string')) {
      throw invalid(`${row} must list its values as text.`);
    }
  });
  if (query.topN !== undefined && query.topN !== null && !(Number.isInteger(query.topN) && query.topN >= 0)) {
    throw invalid(`Top N must be a whole number of groups (0 keeps them all), not "${query.topN}".`);
  }
  if (query.groups !== undefined && (!Array.isArray(query.groups) || query.groups.some((g) => typeof g !== 'string'))) {
    throw invalid('The named groups must be a list of group names.');
  }
}

function invalid(message: string): QueryError {
  return new QueryError('invalidQuery', message);
}
