import { QueryFormat } from '../model/query';
import { alertNumberFrames } from './alertNumbers';
import { CanonicalFrame } from './canonical';
import { eventsTableFrames } from './eventsTable';
import { BuiltFrames, FrameInput } from './frameInput';
import { logFrames } from './logs';
import { summaryFrames } from './summary';
import { timeSeriesFrames } from './timeSeries';

const BUILDERS: Record<QueryFormat, (input: FrameInput) => BuiltFrames<CanonicalFrame>> = {
  timeSeries: timeSeriesFrames,
  events: eventsTableFrames,
  summary: summaryFrames,
  logs: logFrames,
  alertNumbers: alertNumberFrames,
};

export function buildFrames(input: FrameInput): BuiltFrames<CanonicalFrame> {
  const builder = BUILDERS[input.query.format] ?? BUILDERS.timeSeries;
  return builder(input);
}
