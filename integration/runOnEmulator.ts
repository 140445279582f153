import { AuditJsonData } from '../src/datasource/DataSource';
import { RunningEmulator } from '../emulator';
import { HeadlessRunOptions, runHeadless } from '../tools/query-runner/runHeadless';
import { emulatorClock, emulatorSettings, seededRandom } from './harness';

const HOUR = 3_600_000;

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
