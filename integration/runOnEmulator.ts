import { AuditJsonData } from '../src/datasource/DataSource';
import { RunningEmulator } from '../emulator';
import { HeadlessRunOptions, runHeadless } from '../tools/query-runner/runHeadless';
import { emulatorClock, emulatorSettings, seededRandom } from './harness';

const HOUR = 3_600_000;

/** On the fast emulator's tenant, about 10 000 events: more than ten pages (or legacy batches) of 1000. */
export const LONG_RANGE = { from: '2026-11-17T06:00:00.000Z', to: '2026-11-19T18:00:00.000Z' };
/** About 2000 events: a few pages. */
export const SHORT_RANGE = { from: '2026-11-19T06:00:00.000Z', to: '2026-11-19T18:00:00.000Z' };

/**
 * One query through the real DataSource and the proxy stand-in against the emulator, on its clock,
 * hourly buckets. Import '../tools/query-runner/browserEnvironment' before this module.
 */
export function runOnEmulator(
  emulator: RunningEmulator,
  range: { from: string; to: string },
  query: HeadlessRunOptions['queries'][number],
  extra: Partial<HeadlessRunOptions> = {},
  jsonData: AuditJsonData = emulatorSettings(emulator)
) {
  return runHeadless({
    jsonData,
    secureJsonData: { clientSecret: emulator.clientSecret },
    queries: [query],
    range: { from: Date.parse(range.from), to: Date.parse(range.to) },
    intervalMs: HOUR,
    clock: emulatorClock(emulator),
    random: seededRandom(),
    ...extra,
  });
}
