import {
  DEMO_TENANT_DOMAIN,
  NO_AUDIT_CLIENT_ID,
  NO_AUDIT_CLIENT_SECRET,
  RunningEmulator,
  startEmulator,
} from '../index';
import { accessToken, getJson } from '../testing/client';
import { LEGACY_NAMESPACE } from './legacyDialect';

const NOW = '2026-11-20T12:00:00Z';
let emulator: RunningEmulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator({ now: NOW, httpsPort: false, throttle: false, eventsPerDay: 3000 });
  token = await accessToken({ baseUrl: emulator.httpUrl, version: 'v1', audience: 'https://graph.windows.net' });
});
afterAll(() => emulator.close());

const legacyUrl = (query: Record<string, string> = {}, tenant = DEMO_TENANT_DOMAIN) => {
  const qs = Object.entries({ 'api-version': 'beta', ...query })
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return `${emulator.httpUrl}/${tenant}/activities/audit?${qs}`;
};

function expectLegacyError(response: { status: number; json: any }, status: number, code: string, mention?: string) {
  expect(response.status).toBe(status);
  expect(Object.keys(response.json)).toEqual(['odata.error']);
  const error = response.json['odata.error'];
  expect(error.code).toBe(code);
  expect(error.message.lang).toBe('en');
  expect(typeof error.message.value).toBe('string');
  expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(error.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  if (mention) {
    expect(error.message.value).toContain(mention);
  }
}

async function walkLegacy(url: string) {
  const events: any[] = [];
  let next: string | undefined = url;
  let batches = 0;
  while (next) {
    const batch = await getJson(next, token);
    expect(batch.status).toBe(200);
    events.push(...batch.json.value);
    batches++;
    next = batch.json['@odata.nextLink'];
  }
  return { events, batches };
}

describe('GET /{tenant}/activities/audit', () => {
  it('serves the legacy schema', async () => {
    const batch = await getJson(legacyUrl({ $top: '20' }), token);
    expect(batch.status).toBe(200);
    const record = batch.json.value[0];
    for (const field of [
      'id',
      'activityDate',
      'activityType',
      'activity',
      'activityOperationType',
      'activityResultStatus',
      'activityResultDescription',
      'category',
      'correlationId',
      'actor',
      'targets',
      'additionalDetails',
    ]) {
      expect(record).toHaveProperty(field);
    }
    expect(['Success', 'Failure']).toContain(record.activityResultStatus);
    expect(record.actor['@odata.type']).toMatch(new RegExp(`^${LEGACY_NAMESPACE.replace(/\./g, '\\.')}\\.Actor`));
    const details = batch.json.value.flatMap((r: any) => r.additionalDetails);
    expect(Object.keys(details[0]).sort()).toEqual(['name', 'value']);
  });

  it('walks batches of at most 1000 with nextLinks that carry only api-version and $skiptoken, matching ground truth', async () => {
    const from = '2026-11-19T12:00:00Z';
    const { events, batches } = await walkLegacy(
      legacyUrl({ $filter: `activityDate ge ${from} and activityDate le ${NOW}` })
    );
    expect(events).toHaveLength(emulator.groundTruth({ from, to: NOW }).total);
    expect(batches).toBe(Math.ceil(events.length / 1000));
    const first = await getJson(legacyUrl({ $filter: `activityDate ge ${from}` }), token);
    const next = new URL(first.json['@odata.nextLink']);
    expect([...next.searchParams.keys()]).toEqual(['api-version', '$skiptoken']);
  });

  it('filters with the legacy operators, gt and lt included', async () => {
    const filter =
      "activityDate gt 2026-11-20T00:00:00Z and activityDate lt 2026-11-20T12:00:00Z and category eq 'Directory' and activityStatus eq -1";
    const { events } = await walkLegacy(legacyUrl({ $filter: filter }));
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.category === 'Directory' && e.activityResultStatus === 'Failure')).toBe(true);
    const truth = emulator.groundTruth({
      from: '2026-11-20T00:00:00Z',
      to: NOW,
      filter:
        "activityDateTime gt 2026-11-20T00:00:00Z and activityDateTime lt 2026-11-20T12:00:00Z and legacyCategory eq 'Directory' and result ne 'success'",
    });
    expect(events).toHaveLength(truth.total);

    const users = await walkLegacy(
      legacyUrl({
        $filter: "activityDate ge 2026-11-20T00:00:00Z and activityType eq 'User' and startswith(activity, 'Update')",
      })
    );
    expect(users.events.every((e) => e.activityType === 'User' && e.activity.startsWith('Update'))).toBe(true);
  });

  it('uses the same events as Microsoft Graph', async () => {
    const graphToken = await accessToken({ baseUrl: emulator.httpUrl });
    const graph = await getJson(`${emulator.httpUrl}/v1.0/auditLogs/directoryAudits?$top=5`, graphToken);
    const legacy = await getJson(legacyUrl({ $top: '5' }), token);
    expect(legacy.json.value.map((e: any) => e.id)).toEqual(graph.json.value.map((e: any) => e.id));
    expect(legacy.json.value[0].activity).toBe(graph.json.value[0].activityDisplayName);
  });

  it.each([
    [{ 'api-version': '' }, 400, 'Request_BadRequest', 'api-version'],
    [{ 'api-version': '1.6' }, 400, 'Request_BadRequest', 'api-version is invalid'],
    [{ $filter: "activityDisplayName eq 'Add user'" }, 400, 'Request_UnsupportedQuery', "'activityDisplayName'"],
    [{ $filter: 'activityStatus eq Success' }, 400, 'Request_BadRequest', 'integer'],
    [{ $top: '1001' }, 400, 'Request_BadRequest', '$top'],
    [{ $orderby: 'activityDate' }, 400, 'Request_UnsupportedQuery', '$orderby'],
    [{ $skiptoken: 'garbage' }, 400, 'Request_BadRequest', '$skiptoken'],
  ])('answers %j with %d %s', async (query, status, code, mention) => {
    const url =
      (query as Record<string, string>)['api-version'] === ''
        ? `${emulator.httpUrl}/${DEMO_TENANT_DOMAIN}/activities/audit`
        : legacyUrl(query as Record<string, string>);
    expectLegacyError(await getJson(url, token), status, code, mention);
  });

  it('needs a legacy token for the tenant in the path', async () => {
    expectLegacyError(await getJson(legacyUrl()), 401, 'Authentication_MissingOrMalformed');
    const graphToken = await accessToken({
      baseUrl: emulator.httpUrl,
      audience: 'https://graph.microsoft.com/.default',
    });
    expectLegacyError(await getJson(legacyUrl(), graphToken), 401, 'Authentication_MissingOrMalformed', 'audience');
    expectLegacyError(
      await getJson(legacyUrl({}, 'fabrikam.onmicrosoft.com'), token),
      401,
      'Authentication_Unauthorized'
    );
    expectLegacyError(await getJson(legacyUrl({}, 'nowhere.example.com'), token), 400, 'Request_BadRequest', 'domain');
    const selfToken = await accessToken({ baseUrl: emulator.httpUrl, version: 'v1' });
    expect((await getJson(legacyUrl({ $top: '1' }), selfToken)).status).toBe(200);
  });

  it('expires tokens in emulated time', async () => {
    const short = await accessToken({
      baseUrl: emulator.httpUrl,
      version: 'v1',
      audience: 'https://graph.windows.net',
    });
    emulator.advance(3600_000);
    expectLegacyError(await getJson(legacyUrl(), short), 401, 'Authentication_ExpiredToken');
    token = await accessToken({ baseUrl: emulator.httpUrl, version: 'v1', audience: 'https://graph.windows.net' });
  });

  it("accepts Directory.Read.All alone (Azure AD Graph's 'Read directory data')", async () => {
    const emulatorApp = await accessToken({
      baseUrl: emulator.httpUrl,
      version: 'v1',
      audience: 'https://graph.windows.net',
      clientId: NO_AUDIT_CLIENT_ID,
      clientSecret: NO_AUDIT_CLIENT_SECRET,
    });
    expect((await getJson(legacyUrl({ $top: '1' }), emulatorApp)).status).toBe(200);
  });
});

describe('legacy throttling and faults', () => {
  it('answers 429 in the legacy format and bends pages on demand', async () => {
    const throttled = await startEmulator({
      now: NOW,
      httpsPort: false,
      eventsPerDay: 100,
      throttle: { requests: 1, perSeconds: 10 },
    });
    try {
      const legacyToken = await accessToken({
        baseUrl: throttled.httpUrl,
        version: 'v1',
        audience: 'https://graph.windows.net',
      });
      const url = `${throttled.httpUrl}/${throttled.tenantId}/activities/audit?api-version=beta&$top=1`;
      expect((await getJson(url, legacyToken)).status).toBe(200);
      const second = await getJson(url, legacyToken);
      expectLegacyError(second, 429, 'Request_ThrottledTemporarily');
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
      throttled.setThrottle(false);
      throttled.setFaults([{ kind: 'status', status: 503, target: 'legacy', nth: 1 }]);
      expectLegacyError(await getJson(url, legacyToken), 503, 'Service_ServiceUnavailable');
    } finally {
      await throttled.close();
    }
  });
});
