import '../tools/query-runner/browserEnvironment';

import { DataQueryResponse } from '@grafana/data';
import { Observable } from 'rxjs';

import { RunningEmulator } from '../emulator';
import { startHeadless } from '../tools/query-runner/runHeadless';
import { emulatorClock, emulatorSettings, seededRandom, startFastEmulator } from './harness';

jest.setTimeout(60_000);

const SLOW_PAGE_MS = 30 * 60_000;

/** Resolves once `condition` holds, checking on every turn of the event loop; fails after `limitMs`. */
async function until(condition: () => boolean, what: string, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`gave up waiting for ${what}`);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('a panel that goes away while the walk is running', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startFastEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('aborts the page in flight through Grafana and the proxy, and asks for no further page', async () => {
    // The second page takes 30 emulated minutes, so it is certainly in flight when the panel leaves.
    emulator.setFaults([{ kind: 'slow', delayMs: SLOW_PAGE_MS, nth: 2 }]);
    const rig = await startHeadless({
      jsonData: emulatorSettings(emulator),
      secureJsonData: { clientSecret: emulator.clientSecret },
      queries: [{ refId: 'A', format: 'summary', groupBy: 'activity', filters: [] }],
      range: { from: Date.parse('2026-11-17T06:00:00.000Z'), to: Date.parse('2026-11-19T18:00:00.000Z') },
      clock: emulatorClock(emulator),
      random: seededRandom(),
    });
    try {
      const packets: DataQueryResponse[] = [];
      const subscription = (rig.datasource.query(rig.request) as Observable<DataQueryResponse>).subscribe((packet) =>
        packets.push(packet)
      );
      await until(() => rig.proxy.accessLog.length === 2, 'the second page to be requested');
      const slowAnswerDue = emulator.now() + SLOW_PAGE_MS;

      subscription.unsubscribe();

      // The browser's request went away, so the proxy abandoned the upstream request (Grafana's 499).
      await until(() => rig.proxy.accessLog[1].status === 499, 'the proxy to see the client leave');
      // Past the moment the slow page would have been answered, nothing more was asked for.
      await until(() => emulator.now() > slowAnswerDue + 60_000, 'the slow page to be due');
      expect(rig.backendRequests).toHaveLength(2);
      expect(rig.proxy.accessLog).toHaveLength(2);
      expect(emulator.requestLog().filter((r) => r.api === 'graph').length).toBeLessThanOrEqual(2);
      expect(packets.every((p) => p.state !== 'Done')).toBe(true);
    } finally {
      await rig.close();
    }
  });
});
