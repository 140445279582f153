import { join } from 'node:path';
import { RunningEmulator, startEmulator } from './index';
import { accessToken, auditsUrl, getJson } from './testing/client';
import { runSdkProcess } from './testing/sdkProcess';

const NOW = '2026-11-20T12:00:00Z';
const FROM = '2026-10-21T12:00:00Z';

/** Runs the SDK walker; calls `beforeGo` once it is warmed up, so the test can set the stage. */
function runSdkWalk(input: object, caCertPath: string, beforeGo: () => Promise<void>): Promise<any> {
  return runSdkProcess(join(__dirname, 'testing', 'graphSdkWalk.ts'), input, caCertPath, beforeGo);
}

describe("Microsoft's Graph JavaScript SDK against the emulator", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({
      now: NOW,
      eventsPerDay: 200,
      // 4x: Microsoft's 5-per-10-s window lasts 2.5 s of real time.
      timeScale: 4,
      throttle: { requests: 5, perSeconds: 10 },
    });
  });
  afterAll(() => emulator.close());

  it('pages 30 days over HTTPS through throttling and a 503, and gets exactly the ground truth', async () => {
    const input = {
      httpsUrl: emulator.httpsUrl,
      tenantId: emulator.tenantId,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      filter: `activityDateTime ge ${FROM} and activityDateTime le ${NOW}`,
    };
    const result = await runSdkWalk(input, emulator.caCertPath!, async () => {
      // Spend the app's budget first, so the SDK's very first page is throttled, however fast the machine.
      const token = await accessToken({ baseUrl: emulator.httpUrl });
      for (let i = 0; i < 5; i++) {
        await getJson(auditsUrl(emulator.httpUrl, { $top: '1' }), token);
      }
      emulator.setFaults([{ kind: 'status', status: 503, retryAfterSeconds: 0.05, nth: 3 }]);
    });
    const truth = emulator.groundTruth({ from: FROM, to: NOW });
    expect(truth.total).toBeGreaterThan(5_000);
    expect(result).toEqual({ count: truth.total, distinct: truth.total });

    const pages = emulator.requestLog().filter((r) => r.api === 'graph' && r.url.includes('filter'));
    expect(pages[0].status).toBe(429);
    expect(pages.some((r) => r.status === 503)).toBe(true);
    expect(pages.filter((r) => r.status === 200)).toHaveLength(Math.ceil(truth.total / 1000));
  }, 45_000);
});
