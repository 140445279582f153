import { ManualClock } from '../time/manualClock';
import { walkPages, WalkOptions } from '../walk/walkPages';
import { runWithClock, scriptedTransport, ScriptedAnswer } from './scriptedTransport';

export const WALK_ENDPOINT = 'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits';
export const WALK_FIRST_URL = `${WALK_ENDPOINT}?$filter=x&$top=1000`;
export const WALK_START = Date.parse('2026-11-20T12:00:00Z');

/**
 * One walk over scripted answers on a ManualClock, recording every page and every wait the walk
 * asked the clock for; jitter is off (`random: () => 0`) so waits are exact.
 */
export function walkRig(answers: ScriptedAnswer[], overrides: Partial<WalkOptions> = {}) {
  const clock = new ManualClock(WALK_START);
  const waits: number[] = [];
  const sleep = clock.sleep.bind(clock);
  clock.sleep = (ms, signal) => {
    waits.push(ms);
    return sleep(ms, signal);
  };
  const transport = scriptedTransport(answers);
  const pages: unknown[][] = [];
  const walk = walkPages({
    firstUrl: WALK_FIRST_URL,
    endpoint: WALK_ENDPOINT,
    transport,
    clock,
    random: () => 0,
    onPage: (items) => {
      pages.push(items);
      return 'continue';
    },
    ...overrides,
  });
  return { clock, waits, transport, pages, walk: runWithClock(clock, walk) };
}
