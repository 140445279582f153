import { GROUP_TITLE } from '../frames/groups';
import { describeCondition } from '../plan/pushdown';
import { ALL_VALUES, AuditQuery, QueryFormat } from './query';

const FORMAT_TITLE: Record<QueryFormat, string> = {
  timeSeries: 'Time series',
  events: 'Events',
  summary: 'Summary',
  logs: 'Logs',
  alertNumbers: 'Alert numbers',
};

/** One line for query history and collapsed editors: what is counted, how, and which filters apply. */
export function describeQuery(query: AuditQuery): string {
  const parts = [
    `${FORMAT_TITLE[query.format] ?? query.format} by ${GROUP_TITLE[query.groupBy]?.toLowerCase() ?? query.groupBy}`,
  ];
  if (query.secondGroupBy) {
    parts[0] += ` then ${GROUP_TITLE[query.secondGroupBy]?.toLowerCase() ?? query.secondGroupBy}`;
  }
  if (query.topN && query.topN > 0) {
    parts[0] += `, top ${query.topN}`;
  }
  for (const condition of query.filters ?? []) {
    if (condition.values.length > 0 && !condition.values.includes(ALL_VALUES)) {
      parts.push(describeCondition(condition));
    }
  }
  if (query.rawFilter?.trim()) {
    parts.push(`(${query.rawFilter.trim()})`);
  }
  return parts.join(' · ');
}
