import '../tools/query-runner/browserEnvironment';

import { RunningEmulator } from '../emulator';
import { runHeadless } from '../tools/query-runner/runHeadless';
import { countsByGroup, emulatorClock, emulatorSettings, seededRandom, startFastEmulator } from './harness';

jest.setTimeout(60_000);

const RANGE = { from: '2026-11-19T15:00:00.000Z', to: '2026-11-19T18:00:00.000Z' };

describe('Graph and login over HTTPS, as Grafana reaches Microsoft', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startFastEmulator({ httpsPort: 0 });
  });

  afterAll(async () => {
    await emulator.close();
  });

  function run(trustEmulatorCa: boolean) {
    const https = emulator.httpsUrl!;
    return runHeadless({
      jsonData: emulatorSettings(emulator, {
        api: 'msgraph-beta',
        graphUrl: https,
        loginUrl: https,
        tenantId: emulator.tenantDomain,
      }),
      secureJsonData: { clientSecret: emulator.clientSecret },
      queries: [{ refId: 'A', format: 'summary', groupBy: 'result', filters: [] }],
      range: { from: Date.parse(RANGE.from), to: Date.parse(RANGE.to) },
      clock: emulatorClock(emulator),
      random: seededRandom(),
      tls: trustEmulatorCa ? { ca: emulator.caCertPem } : undefined,
    });
  }

  it('matches ground truth on Graph beta, the tenant named by its domain, when the server trusts the CA', async () => {
    const truth = emulator.groundTruth({ ...RANGE, groupBy: 'result' });
    const result = await run(true);
    expect(result.response.errors).toBeUndefined();
    expect(countsByGroup(result.response.data[0], 'Result')).toEqual(truth.groups);
    expect(
      result.proxy.accessLog.every((r) =>
        r.upstream?.startsWith(`${emulator.httpsUrl}/beta/auditLogs/directoryAudits?`)
      )
    ).toBe(true);
  });

  it('fails as Grafana does when the server does not trust the certificate: a 502 and a panel error naming the network', async () => {
    const result = await run(false);
    expect(result.response.errors?.[0].status).toBe(502);
    expect(result.response.errors?.[0].message).toMatch(/could not get an answer/);
    expect(result.proxy.logLines.some((line) => /certificate/.test(line))).toBe(true);
  });
});
