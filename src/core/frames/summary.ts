import { BuiltFrames, FrameInput } from './frameInput';
import { CanonicalFrame } from './canonical';
import { GROUP_TITLE, planGroups } from './groups';
import { countGroupKeys, groupColumns, groupKeyOf, namedGroupKeys } from './groupKeys';

interface GroupStats {
  count: number;
  failures: number;
  firstSeen: number | null;
  lastSeen: number | null;
}

/** A row per group: count, failures, first and last seen. Named groups appear with zeros. */
export function summaryFrames(input: FrameInput): BuiltFrames<CanonicalFrame> {
  const { query } = input;
  const counts = countGroupKeys(input.events, query);
  const plan = planGroups(counts, namedGroupKeys(query, counts.keys()), query.topN);
  const stats = new Map<string, GroupStats>(
    plan.groups.map((g) => [g, { count: 0, failures: 0, firstSeen: null, lastSeen: null }])
  );
  for (const event of input.events) {
    const row = stats.get(plan.assign(groupKeyOf(event, query)))!;
    row.count++;
    if (event.result.toLowerCase() === 'failure') {
      row.failures++;
    }
    row.firstSeen = row.firstSeen === null ? event.time : Math.min(row.firstSeen, event.time);
    row.lastSeen = row.lastSeen === null ? event.time : Math.max(row.lastSeen, event.time);
  }
  const rows = plan.groups.map((g) => stats.get(g)!);
  const frame: CanonicalFrame = {
    name: 'Summary',
    refId: query.refId,
    meta: { type: 'table', typeVersion: [0, 0], preferredVisualisationType: 'table' },
    fields: [
      ...groupFields(query, plan.groups),
      { name: 'Count', type: 'number', values: rows.map((r) => r.count) },
      { name: 'Failures', type: 'number', values: rows.map((r) => r.failures) },
      { name: 'First seen', type: 'time', values: rows.map((r) => r.firstSeen) },
      { name: 'Last seen', type: 'time', values: rows.map((r) => r.lastSeen) },
    ],
  };
  return { frames: [frame], notices: [] };
}

/** The group column, or (with a second group-by) one column per group key. */
function groupFields(query: FrameInput['query'], groups: string[]): CanonicalFrame['fields'] {
  const columns = groups.map((group) => groupColumns(query, group));
  const titles = query.secondGroupBy ? [query.groupBy, query.secondGroupBy] : [query.groupBy];
  return titles.map((by, i) => ({ name: GROUP_TITLE[by], type: 'string', values: columns.map((c) => c[i]) }));
}
