import { AuditQuery, FILTER_FIELDS, FILTER_OPERATORS, GROUP_BYS, QUERY_FORMATS } from '../src/core/model/query';

/** A stored query (dashboard, alert rule) uses only what the query model defines. */
export function expectValidQuery(query: AuditQuery): void {
  expect(QUERY_FORMATS).toContain(query.format);
  expect(GROUP_BYS).toContain(query.groupBy);
  if (query.secondGroupBy) {
    expect(GROUP_BYS).toContain(query.secondGroupBy);
  }
  for (const filter of query.filters ?? []) {
    expect(FILTER_FIELDS).toContain(filter.field);
    expect(FILTER_OPERATORS).toContain(filter.operator);
    expect(filter.values.length).toBeGreaterThan(0);
  }
}
