import '../tools/query-runner/browserEnvironment';

import { LoadingState } from '@grafana/data';

import {
  EXPIRED_CLIENT_ID,
  EXPIRED_CLIENT_SECRET,
  NO_AUDIT_CLIENT_ID,
  NO_AUDIT_CLIENT_SECRET,
  RunningEmulator,
} from '../emulator';
import { HeadlessRunResult, runHeadless } from '../tools/query-runner/runHeadless';
import { emulatorClock, emulatorSettings, JWT_PATTERN, seededRandom, startFastEmulator } from './harness';

jest.setTimeout(60_000);

const RANGE = { from: Date.parse('2026-11-19T15:00:00.000Z'), to: Date.parse('2026-11-19T18:00:00.000Z') };
const WRONG_SECRET = 'wr0ng~secret-that-must-never-show';

describe('no output, error or log line carries a client secret or an access token', () => {
  let emulator: RunningEmulator;
  const consoleLines: string[] = [];
  const proxyLog: string[] = [];
  const results: HeadlessRunResult[] = [];

  beforeAll(async () => {
    emulator = await startFastEmulator();
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      jest.spyOn(console, method).mockImplementation((...parts: unknown[]) => {
        consoleLines.push(parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' '));
      });
    }
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await emulator.close();
  });

  async function run(clientId: string, clientSecret: string, format: 'summary' | 'events' | 'logs' = 'summary') {
    const result = await runHeadless({
      jsonData: emulatorSettings(emulator, { clientId }),
      secureJsonData: { clientSecret },
      queries: [{ refId: 'A', format, groupBy: 'activity', filters: [] }],
      range: RANGE,
      clock: emulatorClock(emulator),
      random: seededRandom(),
      recordResponses: true,
      onLog: (line) => proxyLog.push(line),
    });
    results.push(result);
    return result;
  }

  it('answers a good query in every format the tables and logs show', async () => {
    for (const format of ['summary', 'events', 'logs'] as const) {
      const result = await run(emulator.clientId, emulator.clientSecret, format);
      expect(result.response.errors).toBeUndefined();
      expect(result.response.data[0].fields.length).toBeGreaterThan(0);
    }
  });

  it('shows a panel error naming the credentials when the secret is wrong', async () => {
    const result = await run(emulator.clientId, WRONG_SECRET);
    expect(result.response.state).toBe(LoadingState.Error);
    expect(result.response.errors?.[0].message).toMatch(/credentials|secret/i);
    expect(result.proxy.logLines.join('\n')).not.toContain('Bearer');
  });

  it('shows a panel error for an expired secret and for an app without AuditLog.Read.All', async () => {
    const expired = await run(EXPIRED_CLIENT_ID, EXPIRED_CLIENT_SECRET);
    expect(expired.response.errors?.[0].message).toMatch(/expired|secret|credentials/i);
    const noAudit = await run(NO_AUDIT_CLIENT_ID, NO_AUDIT_CLIENT_SECRET);
    expect(noAudit.response.state).toBe(LoadingState.Error);
    expect(noAudit.response.errors?.[0].message).toMatch(/AuditLog\.Read\.All|permission|403/i);
  });

  it('leaves no secret and no token in responses, frames, errors, the proxy log, the emulator log or the console', () => {
    expect(results).toHaveLength(6);
    const seen = [
      ...results.flatMap((r) => [
        JSON.stringify(r.response),
        JSON.stringify(r.packets),
        ...r.browserResponses,
        ...r.backendRequests,
        ...r.proxy.logLines,
      ]),
      JSON.stringify(results.map((r) => [r.proxy.accessLog, r.proxy.tokenRequests])),
      ...proxyLog,
      ...consoleLines,
      JSON.stringify(emulator.requestLog()),
    ].join('\n');
    expect(seen.length).toBeGreaterThan(100_000);
    for (const secret of [emulator.clientSecret, WRONG_SECRET, EXPIRED_CLIENT_SECRET, NO_AUDIT_CLIENT_SECRET]) {
      expect(seen).not.toContain(secret);
    }
    expect(seen).not.toContain('access_token');
    expect(seen).not.toMatch(JWT_PATTERN);
    expect(seen).not.toMatch(/Bearer\s+\S/);
  });
});
