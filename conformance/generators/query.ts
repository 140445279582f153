/** Generated stored queries, as a panel, an alert rule or any Viewer's JSON might hold them. */
import fc from 'fast-check';

import { GROUP_LABEL } from '../../src/core/frames/groups';
import { AuditQuery, FILTER_FIELDS, FILTER_OPERATORS, QUERY_FORMATS } from '../../src/core/model/query';
import { maybe, oddText } from './oddText';

const FORMATS = QUERY_FORMATS;
const GROUP_BYS = Object.keys(GROUP_LABEL);
const FIELDS = FILTER_FIELDS;

/** Values that match the generated events (see pages.ts), and odd ones that match nothing. */
const FILTER_VALUES = [
  'Add user',
  'Delete user',
  'update application - certificates and secrets management',
  'ADD CONDITIONAL ACCESS POLICY',
  '365 \u2013 export ',
  'add',
  'success',
  'failure',
  'UserManagement',
  'Core Directory',
  'alice@contoso.com',
  'istanbul οδοσ',
  'İstanbul',
  'HR Sync',
  'User',
  't-1',
  'c-1',
  'e-1',
];

const RAW_FILTERS = [
  "category eq 'UserManagement'",
  "result eq 'success' or result eq 'failure'",
  "activityDisplayName eq 'O''Brien'",
  "startswith(activityDisplayName, 'Add')",
  '(a',
  'a)',
  "a eq 'open",
  "x eq ')'",
  'a) or (b',
  'a\u0001b',
  "a eq 'line\nbreak'",
  "a eq 'tab\tb'",
  "  category eq 'X'  ",
  '',
  ' ',
];

const BUCKETS = [
  'auto',
  '',
  '1s',
  '999ms',
  '1000ms',
  '30s',
  '5m',
  '1h',
  '1d',
  '1w',
  '1.5m',
  '0.5s',
  '0s',
  '-1m',
  '10',
  '5 m',
  ' 5m',
  '5m ',
  '1M',
  '5M',
  '1e3s',
  '99999999999999999999d',
  '9007199254740993ms',
  '106751d',
  '1000000000w',
];

function bucketArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...BUCKETS) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.nat({ max: 100_000 }), fc.constantFrom('ms', 's', 'm', 'h', 'd', 'w'))
        .map(([n, unit]) => `${n}${unit}`),
    }
  );
}

function filterArbitrary() {
  return fc.record({
    field: fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...FIELDS) }, fc.constantFrom('actor', 'Activity', '')),
    operator: fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom(...FILTER_OPERATORS) },
      fc.constantFrom('gt', 'EQ', 'Contains', '')
    ),
    values: fc.array(fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...FILTER_VALUES) }, oddText()), {
      maxLength: 3,
    }),
  });
}

/** Mostly queries the editor would save, so pages get framed; sometimes anything a Viewer could post. */
export function queryArbitrary(): fc.Arbitrary<AuditQuery> {
  return fc.oneof({ weight: 3, arbitrary: plausibleQuery() }, { weight: 2, arbitrary: wildQuery() });
}

function plausibleQuery(): fc.Arbitrary<AuditQuery> {
  return fc
    .record(
      {
        refId: fc.constant('A'),
        format: fc.constantFrom(...FORMATS),
        groupBy: fc.constantFrom(...GROUP_BYS),
        secondGroupBy: fc.constantFrom(...GROUP_BYS),
        filters: fc.array(
          fc.record({
            field: fc.constantFrom(...FIELDS),
            operator: fc.constantFrom(...FILTER_OPERATORS),
            values: fc.array(fc.constantFrom(...FILTER_VALUES, '$__all'), { minLength: 1, maxLength: 2 }),
          }),
          { maxLength: 1 }
        ),
        rawFilter: fc.constantFrom(...RAW_FILTERS.slice(0, 4)),
        bucket: fc.constantFrom('auto', '1s', '30s', '5m', '1h', '1d', '1.5m'),
        topN: fc.integer({ min: 0, max: 3 }),
        groups: fc.array(fc.constantFrom(...FILTER_VALUES, 'other', '(none)'), { maxLength: 3 }),
      },
      { requiredKeys: ['refId', 'format', 'groupBy', 'filters'] }
    )
    .map((query) => JSON.parse(JSON.stringify(query)) as AuditQuery);
}

function wildQuery(): fc.Arbitrary<AuditQuery> {
  return fc
    .record(
      {
        refId: fc.constantFrom('A', 'B', 'Ünïcode ref'),
        format: fc.oneof(
          { weight: 10, arbitrary: fc.constantFrom(...FORMATS) },
          fc.constantFrom('table', 'TimeSeries', '')
        ),
        groupBy: fc.oneof(
          { weight: 10, arbitrary: fc.constantFrom(...GROUP_BYS) },
          fc.constantFrom('actor', 'Result', '')
        ),
        secondGroupBy: maybe(
          fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...GROUP_BYS) }, fc.constantFrom('actor', '', null, 3))
        ),
        filters: fc.array(filterArbitrary(), { maxLength: 3 }),
        rawFilter: fc.oneof(
          { weight: 2, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...RAW_FILTERS) }, oddText()) }
        ),
        bucket: maybe(bucketArbitrary(), 2),
        topN: maybe(fc.oneof({ weight: 3, arbitrary: fc.integer({ min: -1, max: 4 }) }, fc.constantFrom(1.5, 2 ** 40))),
        groups: maybe(
          fc.array(fc.oneof(fc.constantFrom(...FILTER_VALUES, 'other', '(none)'), oddText()), { maxLength: 5 })
        ),
      },
      { requiredKeys: ['refId'] }
    )
    .map((query) => JSON.parse(JSON.stringify(query)) as AuditQuery);
}
