import { BuiltFrames, FrameInput } from './frameInput';
import { CanonicalFrame } from './canonical';
import { GROUP_TITLE, countByGroup, groupOf, planGroups } from './groups';

interface GroupStats {
  count: number;
  failures: number;
  firstSeen: number | null;
  lastSeen: number | null;
}

/** A row per group: count, failures, first and last seen. Named groups appear with zeros. */
export function summaryFrames(input: FrameInput): BuiltFrames<CanonicalFrame> {
  const { query } = input;
  const plan = planGroups(countByGroup(input.events, query.groupBy), query.groups, query.topN);
  const stats = new Map<string, GroupStats>(
    plan.groups.map((g) => [g, { count: 0, failures: 0, firstSeen: null, lastSeen: null }])
  );
  for (const event of input.events) {
    const row = stats.get(plan.assign(groupOf(event, query.groupBy)))!;
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
      { name: GROUP_TITLE[query.groupBy], type: 'string', values: plan.groups },
      { name: 'Count', type: 'number', values: rows.map((r) => r.count) },
      { name: 'Failures', type: 'number', values: rows.map((r) => r.failures) },
      { name: 'First seen', type: 'time', values: rows.map((r) => r.firstSeen) },
      { name: 'Last seen', type: 'time', values: rows.map((r) => r.lastSeen) },
    ],
  };
  return { frames: [frame], notices: [] };
}
