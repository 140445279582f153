import '../tools/query-runner/browserEnvironment';

import { EXPIRED_CLIENT_ID, EXPIRED_CLIENT_SECRET, NO_AUDIT_CLIENT_ID, NO_AUDIT_CLIENT_SECRET } from '../emulator';
import { emulatorSettings } from './harness';
import { setUpSaveAndTestSuite } from './saveAndTestRig';

jest.setTimeout(60_000);

describe('Save & test through the proxy stand-in against the emulator', () => {
  const suite = setUpSaveAndTestSuite();

  it('connects with good credentials in one $top=1 request, after asking for a backend health check', async () => {
    const { emulator } = suite;
    const result = await suite.saveAndTest(emulatorSettings(emulator), emulator.clientSecret);
    expect(result.status).toBe('success');
    expect(result.message).toContain(`Connected to tenant ${emulator.tenantId}`);
    expect(result.message).toMatch(/the newest event is from 2026-11-20T/);
    // No backend runs beside the stand-in, so the health check finds nothing and the route probe answers.
    expect(suite.rig.browserRequests[0]).toMatch(/^GET \/api\/datasources\/uid\/entra-audit-editors\/health/);
    const upstream = suite.rig.proxy.accessLog.filter((a) => a.upstream);
    expect(upstream).toHaveLength(1);
    expect(decodeURIComponent(upstream[0].upstream!)).toMatch(/\/v1\.0\/auditLogs\/directoryAudits\?\$top=1$/);
    expect(suite.rig.proxy.tokenRequests).toHaveLength(1);
  });

  it.each([
    ['a wrong secret', () => suite.emulator.clientId, 'wr0ng~secret-value'],
    ['an expired secret', () => EXPIRED_CLIENT_ID, EXPIRED_CLIENT_SECRET],
    ['an unknown client ID', () => 'b0d17000-0000-4000-8000-0000000000ff', 'whatever-secret'],
  ])('lists the likely causes for %s, which the proxy reports as one 400', async (_, clientId, secret) => {
    const result = await suite.saveAndTest(emulatorSettings(suite.emulator, { clientId: clientId() }), secret);
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/^Authentication failed: Microsoft Entra ID did not issue a token/);
    expect(result.details?.message).toMatch(/AADSTS7000215[\s\S]*AADSTS700016[\s\S]*AADSTS90002/);
    expect(
      suite.rig.browserResponses.some((r) => r.startsWith('400 ') && r.includes('Authentication to data source failed'))
    ).toBe(true);
  });

  it('names the missing permission when the app may not read audit logs', async () => {
    const result = await suite.saveAndTest(
      emulatorSettings(suite.emulator, { clientId: NO_AUDIT_CLIENT_ID }),
      NO_AUDIT_CLIENT_SECRET
    );
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/missing the Microsoft Graph application permission AuditLog\.Read\.All/);
    expect(result.details?.message).toMatch(/Grant admin consent/);
  });

  it('says the tenant is throttling, with the wait', async () => {
    const { emulator } = suite;
    // One request a day: the emulator's fast clock would reopen a 10-s window before the second test.
    emulator.setThrottle({ requests: 1, perSeconds: 86_400 });
    const rig = await suite.startRig(emulatorSettings(emulator), emulator.clientSecret);
    expect((await rig.datasource.testDatasource()).status).toBe('success');
    const result = await rig.datasource.testDatasource();
    expect(result.status).toBe('error');
    expect(result.message).toBe('Microsoft Graph is throttling this app (HTTP 429).');
    expect(result.details?.message).toMatch(/5 requests per 10 seconds per app and tenant/);
  });

  it('says Grafana cannot reach a Graph host that is down', async () => {
    const closed = 'http://127.0.0.1:9';
    const result = await suite.saveAndTest(
      emulatorSettings(suite.emulator, { graphUrl: closed }),
      suite.emulator.clientSecret
    );
    expect(result.status).toBe('error');
    expect(result.message).toBe(
      "Grafana's server could not connect to 127.0.0.1:9 (HTTP 502 from Grafana's data proxy)."
    );
  });

  it('refuses an http:// Graph URL off this machine without sending the secret anywhere', async () => {
    const result = await suite.saveAndTest(
      emulatorSettings(suite.emulator, { graphUrl: 'http://graph.contoso.example' }),
      suite.emulator.clientSecret
    );
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/must use https:\/\//);
    expect(suite.rig.browserRequests).toEqual([]);
    expect(suite.rig.proxy.tokenRequests).toEqual([]);
  });
});
