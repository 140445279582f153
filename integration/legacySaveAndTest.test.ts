import '../tools/query-runner/browserEnvironment';

import { AuditJsonData } from '../src/datasource/DataSource';
import { emulatorSettings } from './harness';
import { setUpSaveAndTestSuite } from './saveAndTestRig';

jest.setTimeout(60_000);

describe('Save & test on the legacy Azure AD Graph API, through the proxy stand-in against the emulator', () => {
  const suite = setUpSaveAndTestSuite();

  const legacy = (extra: Partial<AuditJsonData> = {}) =>
    emulatorSettings(suite.emulator, {
      api: 'legacy',
      graphUrl: undefined,
      legacyGraphUrl: suite.emulator.httpUrl,
      ...extra,
    });

  it("connects with a v1 token for the legacy resource and one request to the tenant's activities/audit", async () => {
    const { emulator } = suite;
    const result = await suite.saveAndTest(legacy(), emulator.clientSecret);
    expect(result.status).toBe('success');
    expect(result.message).toContain(`Connected to tenant ${emulator.tenantId}`);
    expect(result.message).toContain('legacy Azure AD Graph');
    expect(result.message).toMatch(/the newest event is from 2026-11-20T/);
    expect(suite.rig.proxy.tokenRequests.map((t) => [t.url, t.paramNames.sort()])).toEqual([
      [
        `${emulator.httpUrl}/${emulator.tenantId}/oauth2/token`,
        ['client_id', 'client_secret', 'grant_type', 'resource'],
      ],
    ]);
    const upstream = suite.rig.proxy.accessLog.filter((a) => a.upstream);
    expect(upstream).toHaveLength(1);
    expect(upstream[0].upstream).toBe(`${emulator.httpUrl}/${emulator.tenantId}/activities/audit?api-version=beta`);
    expect(emulator.requestLog().filter((r) => r.api === 'legacy' && r.status === 200)).toHaveLength(1);
  });

  it('refuses a custom cloud without an Azure AD Graph URL before sending anything', async () => {
    const result = await suite.saveAndTest(legacy({ legacyGraphUrl: undefined }), suite.emulator.clientSecret);
    expect(result).toMatchObject({ status: 'error', message: expect.stringContaining('no Azure AD Graph URL') });
    expect(suite.rig.proxy.accessLog).toEqual([]);
  });
});
