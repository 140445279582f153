/**
 * The baseline: a per-panel walker built on Microsoft's own Graph JavaScript SDK (its PageIterator
 * and default middleware, RetryHandler honouring Retry-After), the way a generic REST plugin walks:
 * every panel pages its own `$filter`, all panels at once (or, politer, one after another). Run as a child process so
 * NODE_EXTRA_CA_CERTS trusts the emulator's CA from the start.
 * Input: one JSON argument. Output: `ready` once warmed up, then (after a line on stdin) one JSON line.
 */
import { PageIterator, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';

import { EmulatorApp } from '../emulator/testing/graphSdkClient';
import { runAsSdkScript } from '../emulator/testing/sdkScript';

interface Input extends EmulatorApp {
  filters: string[];
  /** One panel after another instead of all at once (a politer, slower dashboard). */
  sequential?: boolean;
}

export interface WalkerReport {
  walks: Array<{ events: number; error?: string }>;
}

/** The SDK's most patient setting (10 retries): its default 3 gives up long before six walkers finish. */
const retryOptions = () => [new RetryHandlerOptions(3, 10)];

runAsSdkScript<Input, WalkerReport>(async (input, client) => {
  const walk = async (filter: string) => {
    let events = 0;
    try {
      const first = await client
        .api('/auditLogs/directoryAudits')
        .middlewareOptions(retryOptions())
        .filter(filter)
        .top(1000)
        .orderby('activityDateTime desc')
        .get();
      const iterator = new PageIterator(
        client,
        first,
        () => {
          events++;
          return true;
        },
        { middlewareOptions: retryOptions() }
      );
      await iterator.iterate();
      return { events };
    } catch (error) {
      return {
        events,
        error: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 200) : String(error),
      };
    }
  };
  const walks: WalkerReport['walks'] = [];
  if (input.sequential) {
    for (const filter of input.filters) {
      walks.push(await walk(filter));
    }
  } else {
    walks.push(...(await Promise.all(input.filters.map(walk))));
  }
  return { walks };
});
