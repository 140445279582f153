import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RunningEmulator, startEmulator } from './index';

const run = promisify(execFile);
const NOW = '2026-11-20T12:00:00Z';
const FROM = '2026-10-21T12:00:00Z';

describe("Microsoft's Graph JavaScript SDK against the emulator", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({
      now: NOW,
      // 4x: Microsoft's 5-per-10-s window lasts 2.5 s, so even a slow machine's client meets the throttle.
      eventsPerDay: 200,
      timeScale: 4,
      throttle: { requests: 5, perSeconds: 10 },
    });
  });
  afterAll(() => emulator.close());

  it('pages 30 days over HTTPS through throttling and a 503, and gets exactly the ground truth', async () => {
    emulator.setFaults([{ kind: 'status', status: 503, retryAfterSeconds: 0.05, nth: 3 }]);
    const input = {
      httpsUrl: emulator.httpsUrl,
      tenantId: emulator.tenantId,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      filter: `activityDateTime ge ${FROM} and activityDateTime le ${NOW}`,
    };
    const tsx = join(__dirname, '..', 'node_modules', '.bin', 'tsx');
    const { stdout } = await run(tsx, [join(__dirname, 'testing', 'graphSdkWalk.ts'), JSON.stringify(input)], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: emulator.caCertPath },
      timeout: 40_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    const truth = emulator.groundTruth({ from: FROM, to: NOW });
    expect(truth.total).toBeGreaterThan(5_000);
    expect(result).toEqual({ count: truth.total, distinct: truth.total });

    const pages = emulator.requestLog().filter((r) => r.api === 'graph');
    expect(pages.some((r) => r.status === 429)).toBe(true);
    expect(pages.some((r) => r.status === 503)).toBe(true);
    expect(pages.filter((r) => r.status === 200)).toHaveLength(Math.ceil(truth.total / 1000));
  }, 45_000);
});
