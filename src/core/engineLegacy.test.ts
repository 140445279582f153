import { QueryContext, runQuery } from './engine';
import { AuditQuery } from './model/query';
import { resolveSettings } from './model/settings';
import { graphPage, runWithClock, scriptedTransport, ScriptedAnswer } from './testing/scriptedTransport';
import { ManualClock } from './time/manualClock';
import { engineDeps } from './testing/engineDeps';

const NOW = '2026-11-20T12:00:00Z';
const NS = 'Microsoft.ActiveDirectory.DataService.PublicApi.Model.Reporting.AuditLog';
const ENDPOINT = 'https://graph.windows.net/contoso.onmicrosoft.com/activities/audit';

const context: QueryContext = {
  settings: resolveSettings({ tenantId: 'contoso.onmicrosoft.com', clientId: 'app', api: 'legacy' }),
  range: { from: Date.parse('2026-11-20T10:00:00Z'), to: Date.parse('2026-11-20T11:00:00Z') },
  intervalMs: 1_800_000,
  maxDataPoints: 1000,
};

function legacyActivity(id: string, date: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    activityDate: date,
    category: 'Directory',
    activityType: 'User',
    activity: 'Add user',
    activityOperationType: 'Add',
    activityResultStatus: 'Success',
    actor: {
      '@odata.type': `${NS}.ActorUserEntity`,
      name: 'Admin',
      objectId: 'u-1',
      userPrincipalName: 'admin@contoso.com',
    },
    targets: [{ '@odata.type': `${NS}.TargetResourceUserEntity`, name: 'Alice', objectId: `t-${id}` }],
    additionalDetails: [],
    ...extra,
  };
}

async function run(answers: ScriptedAnswer[], query: Partial<AuditQuery> = {}) {
  const clock = new ManualClock(NOW);
  const transport = scriptedTransport(answers);
  const result = await runWithClock(
    clock,
    runQuery(
      { refId: 'A', format: 'summary', groupBy: 'activityType', filters: [], ...query },
      context,
      engineDeps({ transport, clock, random: () => 0 })
    )
  );
  return { result, transport };
}

const summary = (result: Awaited<ReturnType<typeof run>>['result']) => {
  const fields = result.frames[0].fields;
  const groups = fields[0].values as string[];
  return Object.fromEntries(groups.map((g, i) => [g, fields[1].values[i]]));
};

describe('runQuery on the legacy Azure AD Graph API', () => {
  it('follows nextLinks that carry only api-version and $skiptoken, through a throttled batch, counting each event once', async () => {
    const { result, transport } = await run([
      graphPage(
        [
          legacyActivity('3', '2026-11-20T10:50:00Z'),
          legacyActivity('2', '2026-11-20T10:30:00Z', { activityType: 'Group' }),
        ],
        `${ENDPOINT}?api-version=beta&$skiptoken=-133`
      ),
      {
        status: 429,
        headers: { 'Retry-After': '1' },
        body: { 'odata.error': { code: 'Request_ThrottledTemporarily', message: { lang: 'en', value: 'Slow down' } } },
      },
      graphPage(
        [
          legacyActivity('2', '2026-11-20T10:30:00Z', { activityType: 'Group' }),
          legacyActivity('1', '2026-11-20T10:00:00Z'),
        ],
        `${ENDPOINT}?api-version=beta&$skiptoken=-134`
      ),
      graphPage([legacyActivity('0', '2026-11-20T09:59:59.999Z')]),
    ]);

    expect(result.error).toBeUndefined();
    expect(summary(result)).toEqual({ User: 2, Group: 1 });
    expect(result.frames[0].fields[0].name).toBe('Activity type');
    expect(transport.requests.map((r) => r.url)).toEqual([
      expect.stringMatching(new RegExp(`^${ENDPOINT}\\?api-version=beta&\\$filter=activityDate%20ge%20`)),
      `${ENDPOINT}?api-version=beta&$skiptoken=-133`,
      `${ENDPOINT}?api-version=beta&$skiptoken=-133`,
      `${ENDPOINT}?api-version=beta&$skiptoken=-134`,
    ]);
    expect(result.requests[1]).toEqual({
      method: 'GET',
      path: 'activities/audit',
      query: { 'api-version': 'beta', $skiptoken: '-133' },
    });
  });

  it('re-checks pushed rows: actor/name also matches apps, which the plugin then drops', async () => {
    const app = { '@odata.type': `${NS}.ActorApplicationEntity`, name: 'Admin', objectId: 'sp-1', appId: 'a-1' };
    const { result, transport } = await run(
      [
        graphPage([
          legacyActivity('2', '2026-11-20T10:40:00Z', { actor: app }),
          legacyActivity('1', '2026-11-20T10:20:00Z'),
        ]),
      ],
      { groupBy: 'activity', filters: [{ field: 'initiatorUserName', operator: 'eq', values: ['admin'] }] }
    );
    expect(new URL(transport.requests[0].url).searchParams.get('$filter')).toContain("actor/name eq 'admin'");
    expect(summary(result)).toEqual({ 'Add user': 1 });
  });

  it('refuses a nextLink to Microsoft Graph or another tenant before requesting it', async () => {
    for (const link of [
      'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$skiptoken=1',
      'https://graph.windows.net/fabrikam.onmicrosoft.com/activities/audit?api-version=beta&$skiptoken=1',
      'https://graph.windows.net/contoso.onmicrosoft.com/users?api-version=beta',
    ]) {
      const { result, transport } = await run([graphPage([legacyActivity('1', '2026-11-20T10:20:00Z')], link)]);
      expect(result.error?.message).toContain('next-page link');
      expect(transport.requests).toHaveLength(1);
    }
  });

  it("turns the retired API's 403 into a message that says so and names the way out", async () => {
    const { result, transport } = await run([
      {
        status: 403,
        body: {
          'odata.error': {
            code: 'Authorization_RequestDenied',
            message: { lang: 'en', value: 'Insufficient privileges' },
          },
        },
      },
    ]);
    expect(transport.requests).toHaveLength(1);
    expect(result.error).toMatchObject({ code: 'permissionDenied', status: 403 });
    expect(result.error?.message).toContain('Azure AD Graph is retired');
  });
});
