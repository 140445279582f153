import { formatDateTime } from '../plan/odata';
import { BuiltFrames, FrameInput } from './frameInput';
import { CanonicalFrame, Notice } from './canonical';
import { seriesFolded, tooManyValues } from '../errors/limitErrors';
import { MAX_SERIES, MAX_VALUES_PER_RESPONSE } from '../model/limits';
import { bucketStart, bucketStarts, fitBucket, parseBucket } from '../plan/bucket';
import { AuditQuery } from '../model/query';
import { GroupPlan, planGroups } from './groups';
import { countGroupKeys, groupDisplayName, groupKeyOf, groupLabels, namedGroupKeys } from './groupKeys';

const TIME_SERIES_META = { type: 'timeseries-multi', typeVersion: [0, 1] as [number, number] };

/**
 * One zero-filled series per group (timeseries-multi), buckets aligned to multiples of the width
 * since the epoch; an event exactly at `to` lands in the bucket holding `to`.
 */
export function timeSeriesFrames(input: FrameInput): BuiltFrames<CanonicalFrame> {
  const { query } = input;
  const notices: Notice[] = [];
  const requested = parseBucket(query.bucket, input.intervalMs, input.rangeMs ?? input.to - input.from);
  const width = fitBucket(input.from, input.to, requested);
  if (width !== requested) {
    notices.push({
      severity: 'info',
      text: `Buckets were widened to ${width / 1000} s so the range fits in at most 11,000 points.`,
    });
  }
  // A cut walk covers only part of its oldest bucket; start at the first whole one instead.
  const first =
    input.truncated && bucketStart(input.from, width) < input.from
      ? bucketStart(input.from, width) + width
      : input.from;
  const starts = bucketStarts(first, input.to, width);
  const origin = starts[0];
  const inSeries = input.events.filter((e) => starts.length > 0 && e.time >= origin && e.time <= input.to);
  if (input.truncated && starts.length > 0 && first !== input.from) {
    notices.push({
      severity: 'info',
      text: `The chart starts at ${formatDateTime(origin)}, the first bucket the fetched events cover completely.`,
    });
  }

  const plan = limitedGroups(countGroupKeys(inSeries, query), query, starts.length);
  if (plan.capped) {
    notices.push(seriesFolded(plan.groups.length - 1));
  }
  if (plan.groups.length === 0) {
    return { frames: [{ name: query.refId, refId: query.refId, meta: { ...TIME_SERIES_META }, fields: [] }], notices };
  }
  const series = new Map(plan.groups.map((group) => [group, new Array<number>(starts.length).fill(0)]));
  for (const event of inSeries) {
    const index = (bucketStart(event.time, width) - origin) / width;
    series.get(plan.assign(groupKeyOf(event, query)))![index]++;
  }
  const frames = plan.groups.map((group): CanonicalFrame => ({
    name: groupDisplayName(query, group),
    refId: query.refId,
    meta: { ...TIME_SERIES_META },
    fields: [
      { name: 'Time', type: 'time', values: [...starts] },
      {
        name: 'Value',
        type: 'number',
        labels: groupLabels(query, group),
        config: { displayNameFromDS: groupDisplayName(query, group) },
        values: series.get(group)!,
      },
    ],
  }));
  return { frames, notices };
}

/**
 * The series to chart within "series per response" and "values per response" (series × points):
 * past them the smallest fold into "other"; checked before any series is allocated.
 */
function limitedGroups(counts: Map<string, number>, query: AuditQuery, points: number): GroupPlan {
  const maxSeries = Math.min(MAX_SERIES, Math.floor(MAX_VALUES_PER_RESPONSE / Math.max(1, points)));
  const plan = planGroups(counts, namedGroupKeys(query, counts.keys()), query.topN, maxSeries);
  if (plan.groups.length * points > MAX_VALUES_PER_RESPONSE) {
    throw tooManyValues(plan.groups.length, points);
  }
  return plan;
}
