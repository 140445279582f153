import { BuiltFrames, FrameInput } from './frameInput';
import { CanonicalFrame } from './canonical';
import { seriesFolded } from '../errors/limitErrors';
import { MAX_SERIES } from '../model/limits';
import { planGroups } from './groups';
import { countGroupKeys, groupDisplayName, groupKeyOf, groupLabels, namedGroupKeys } from './groupKeys';

const NUMERIC_META = { type: 'numeric-multi', typeVersion: [0, 1] as [number, number] };

/**
 * Exactly one number per group (numeric-multi: one frame, one numeric field, the group in the
 * labels), so each group is one alert instance; groups named in the query report an explicit 0.
 */
export function alertNumberFrames(input: FrameInput): BuiltFrames<CanonicalFrame> {
  const { query } = input;
  const counts = countGroupKeys(input.events, query);
  const plan = planGroups(counts, namedGroupKeys(query, counts.keys()), query.topN, MAX_SERIES);
  const notices = plan.capped ? [seriesFolded(plan.groups.length - 1)] : [];
  if (plan.groups.length === 0) {
    return { frames: [{ name: query.refId, refId: query.refId, meta: { ...NUMERIC_META }, fields: [] }], notices };
  }
  const totals = new Map(plan.groups.map((group) => [group, 0]));
  for (const event of input.events) {
    const group = plan.assign(groupKeyOf(event, query));
    totals.set(group, totals.get(group)! + 1);
  }
  const frames = plan.groups.map((group): CanonicalFrame => ({
    name: groupDisplayName(query, group),
    refId: query.refId,
    meta: { ...NUMERIC_META },
    fields: [
      {
        name: 'Value',
        type: 'number',
        labels: groupLabels(query, group),
        config: { displayNameFromDS: groupDisplayName(query, group) },
        values: [totals.get(group)!],
      },
    ],
  }));
  return { frames, notices };
}
