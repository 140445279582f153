import '../tools/query-runner/browserEnvironment';

import { RunningEmulator } from '../emulator';
import { AuditJsonData } from '../src/datasource/DataSource';
import { EditorsRig, startEditorsRig } from './editors-harness';
import { emulatorSettings, JWT_PATTERN, startFastEmulator } from './harness';

jest.setTimeout(60_000);

describe('Save & test on the legacy Azure AD Graph API, through the proxy stand-in against the emulator', () => {
  let emulator: RunningEmulator;
  let rig: EditorsRig | undefined;

  beforeAll(async () => {
    emulator = await startFastEmulator();
  });
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
    emulator.reset();
  });
  afterAll(async () => {
    await emulator.close();
  });

  const legacy = (extra: Partial<AuditJsonData> = {}) =>
    emulatorSettings(emulator, { api: 'legacy', graphUrl: undefined, legacyGraphUrl: emulator.httpUrl, ...extra });

  async function saveAndTest(jsonData: AuditJsonData, secret: string) {
    rig = await startEditorsRig(emulator, jsonData, secret);
    const result = await rig.datasource.testDatasource();
    const seen = JSON.stringify([result, rig.browserResponses, rig.proxy.logLines]);
    expect(seen).not.toContain(secret);
    expect(seen).not.toMatch(JWT_PATTERN);
    return result;
  }

  it("connects with a v1 token for the legacy resource and one request to the tenant's activities/audit", async () => {
    const result = await saveAndTest(legacy(), emulator.clientSecret);
    expect(result.status).toBe('success');
    expect(result.message).toContain(`Connected to tenant ${emulator.tenantId}`);
    expect(result.message).toContain('legacy Azure AD Graph');
    expect(result.message).toMatch(/the newest event is from 2026-11-20T/);
    expect(rig!.proxy.tokenRequests.map((t) => [t.url, t.paramNames.sort()])).toEqual([
      [
        `${emulator.httpUrl}/${emulator.tenantId}/oauth2/token`,
        ['client_id', 'client_secret', 'grant_type', 'resource'],
      ],
    ]);
    const upstream = rig!.proxy.accessLog.filter((a) => a.upstream);
    expect(upstream).toHaveLength(1);
    expect(upstream[0].upstream).toBe(`${emulator.httpUrl}/${emulator.tenantId}/activities/audit?api-version=beta`);
    expect(emulator.requestLog().filter((r) => r.api === 'legacy' && r.status === 200)).toHaveLength(1);
  });

  it('refuses a custom cloud without an Azure AD Graph URL before sending anything', async () => {
    const result = await saveAndTest(legacy({ legacyGraphUrl: undefined }), emulator.clientSecret);
    expect(result).toMatchObject({ status: 'error', message: expect.stringContaining('no Azure AD Graph URL') });
    expect(rig!.proxy.accessLog).toEqual([]);
  });
});
