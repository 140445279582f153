import { FREE_TENANT_ID, RunningEmulator, startEmulator } from '../index';
import { accessToken, auditsUrl, getJson, walk } from '../testing/client';

const NOW = '2026-11-20T12:00:00Z';
let emulator: RunningEmulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator({ now: NOW, eventsPerDay: 3000, httpsPort: false, throttle: false });
  token = await accessToken({ baseUrl: emulator.httpUrl });
});
afterAll(() => emulator.close());

const range = (from: string, to: string) => `activityDateTime ge ${from} and activityDateTime le ${to}`;

function expectGraphError(response: { status: number; json: any }, status: number, code: string, mention?: string) {
  expect(response.status).toBe(status);
  expect(Object.keys(response.json)).toEqual(['error']);
  expect(response.json.error.code).toBe(code);
  expect(typeof response.json.error.message).toBe('string');
  expect(response.json.error.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
  if (mention) {
    expect(response.json.error.message).toContain(mention);
  }
}

describe('GET /v1.0/auditLogs/directoryAudits', () => {
  it('serves the full directoryAudit schema', async () => {
    const page = await getJson(auditsUrl(emulator.httpUrl, { $top: '50' }), token);
    expect(page.status).toBe(200);
    expect(page.json['@odata.context']).toBe(`${emulator.httpUrl}/v1.0/$metadata#auditLogs/directoryAudits`);
    const audit = page.json.value[0];
    expect(Object.keys(audit).sort()).toEqual(
      [
        'activityDateTime',
        'activityDisplayName',
        'additionalDetails',
        'category',
        'correlationId',
        'id',
        'initiatedBy',
        'loggedByService',
        'operationType',
        'result',
        'resultReason',
        'targetResources',
      ].sort()
    );
    expect(audit.activityDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    expect(Object.keys(audit.initiatedBy).sort()).toEqual(['app', 'user']);
    const withChanges = page.json.value
      .flatMap((a: any) => a.targetResources)
      .find((t: any) => t.modifiedProperties.length > 0);
    expect(typeof withChanges.modifiedProperties[0].newValue).toBe('string');
    expect(() => JSON.parse(withChanges.modifiedProperties[0].newValue)).not.toThrow();
    expect(page.json.value.some((a: any) => a.initiatedBy.app !== null)).toBe(true);
    expect(page.json.value.some((a: any) => !/^[0-9a-f-]{36}$/.test(a.id))).toBe(true);
  });

  it('adds userAgent on beta only', async () => {
    const beta = await getJson(auditsUrl(emulator.httpUrl, { $top: '5' }, 'beta'), token);
    expect(beta.status).toBe(200);
    expect(beta.json.value[0]).toHaveProperty('userAgent');
    const v1 = await getJson(auditsUrl(emulator.httpUrl, { $top: '5' }), token);
    expect(v1.json.value[0]).not.toHaveProperty('userAgent');
  });

  it('pages a day with absolute nextLinks and returns exactly the ground truth, newest first', async () => {
    const from = '2026-11-19T12:00:00Z';
    const filter = range(from, NOW);
    const { events, pages } = await walk(auditsUrl(emulator.httpUrl, { $filter: filter, $top: '999' }), token);
    const truth = emulator.groundTruth({ from, to: NOW });
    expect(events).toHaveLength(truth.total);
    expect(pages).toBe(Math.ceil(truth.total / 999));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    const times = events.map((e) => e.activityDateTime);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('keeps every original option in nextLink, plus an opaque $skiptoken', async () => {
    const page = await getJson(
      auditsUrl(emulator.httpUrl, {
        $filter: range('2026-11-19T12:00:00Z', NOW),
        $top: '10',
        $orderby: 'activityDateTime asc',
      }),
      token
    );
    const next = new URL(page.json['@odata.nextLink']);
    expect(next.origin).toBe(emulator.httpUrl);
    expect(next.searchParams.get('$top')).toBe('10');
    expect(next.searchParams.get('$orderby')).toBe('activityDateTime asc');
    expect(next.searchParams.get('$filter')).toBe(range('2026-11-19T12:00:00Z', NOW));
    expect(next.searchParams.get('$skiptoken')).toMatch(/^[A-Za-z0-9_-]+$/);
    const second = await getJson(next.toString(), token);
    expect(second.json.value[0].activityDateTime >= page.json.value[9].activityDateTime).toBe(true);

    next.searchParams.set('$top', '11');
    expectGraphError(await getJson(next.toString(), token), 400, 'BadRequest', '$skiptoken');
  });

  it('includes events exactly on both edges', async () => {
    emulator.injectEvent({ activityDateTime: '2026-11-18T08:00:00Z', activityDisplayName: 'Delete application' });
    emulator.injectEvent({ activityDateTime: '2026-11-18T09:00:00Z', activityDisplayName: 'Delete application' });
    emulator.injectEvent({
      activityDateTime: '2026-11-18T09:00:00.0000001Z',
      activityDisplayName: 'Delete application',
    });
    const filter = `${range('2026-11-18T08:00:00Z', '2026-11-18T09:00:00Z')} and activityDisplayName eq 'Delete application'`;
    const { events } = await walk(auditsUrl(emulator.httpUrl, { $filter: filter }), token);
    const times = events.map((e) => e.activityDateTime);
    expect(times).toContain('2026-11-18T08:00:00.0000000Z');
    expect(times).toContain('2026-11-18T09:00:00.0000000Z');
    expect(times).not.toContain('2026-11-18T09:00:00.0000001Z');
    expect(events).toHaveLength(
      emulator.groundTruth({
        from: '2026-11-18T08:00:00Z',
        to: '2026-11-18T09:00:00Z',
        filter: "activityDisplayName eq 'Delete application'",
      }).total
    );
  });

  it('filters server-side exactly as ground truth does', async () => {
    const from = '2026-11-20T00:00:00Z';
    const filter = `${range(from, NOW)} and startswith(activityDisplayName, 'Add member')`;
    const { events } = await walk(auditsUrl(emulator.httpUrl, { $filter: filter }), token);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.activityDisplayName.startsWith('Add member'))).toBe(true);
    expect(events).toHaveLength(
      emulator.groundTruth({ from, to: NOW, filter: "startswith(activityDisplayName, 'Add member')" }).total
    );
  });

  it.each([
    ['initiatedBy/user/displayName', (e: any) => e.initiatedBy.user?.displayName],
    ['initiatedBy/user/id', (e: any) => e.initiatedBy.user?.id],
    ['initiatedBy/app/appId', (e: any) => e.initiatedBy.app?.appId],
  ])('filters on %s by the value it renders', async (path, read) => {
    const sample = (await getJson(auditsUrl(emulator.httpUrl, { $top: '200' }), token)).json.value.find((e: any) =>
      read(e)
    );
    const value = read(sample) as string;
    const filter = `${range('2026-11-20T00:00:00Z', NOW)} and ${path} eq '${value.replace(/'/g, "''")}'`;
    const { events } = await walk(auditsUrl(emulator.httpUrl, { $filter: filter }), token);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => read(e) === value)).toBe(true);
  });

  it('looks up one audit by id', async () => {
    const first = (await getJson(auditsUrl(emulator.httpUrl, { $top: '1' }), token)).json.value[0];
    const one = await getJson(
      `${emulator.httpUrl}/v1.0/auditLogs/directoryAudits/${encodeURIComponent(first.id)}`,
      token
    );
    expect(one.status).toBe(200);
    expect(one.json.id).toBe(first.id);
    expectGraphError(
      await getJson(`${emulator.httpUrl}/v1.0/auditLogs/directoryAudits/nope`, token),
      404,
      'Request_ResourceNotFound'
    );
  });

  it('projects $select', async () => {
    const page = await getJson(
      auditsUrl(emulator.httpUrl, { $top: '3', $select: 'activityDateTime,activityDisplayName' }),
      token
    );
    expect(Object.keys(page.json.value[0]).sort()).toEqual(['activityDateTime', 'activityDisplayName']);
    expectGraphError(
      await getJson(auditsUrl(emulator.httpUrl, { $select: 'nope' }), token),
      400,
      'BadRequest',
      "'nope'"
    );
  });

  it.each([
    [{ $filter: 'activityDateTime gt 2026-11-20T00:00:00Z' }, 'Request_UnsupportedQuery', "operator 'gt'"],
    [{ $filter: "category eq 'UserManagement'" }, 'Request_UnsupportedQuery', "'category'"],
    [{ $filter: "activityDisplayName eq 'a' or activityDisplayName eq 'b'" }, 'Request_UnsupportedQuery', "'or'"],
    [{ $filter: "activityDisplayName eq 'a" }, 'BadRequest', 'unterminated'],
    [{ $top: '1001' }, 'BadRequest', 'between 1 and 1000'],
    [{ $top: '0' }, 'BadRequest', 'between 1 and 1000'],
    [{ $top: 'ten' }, 'BadRequest', 'between 1 and 1000'],
    [{ $orderby: 'category' }, 'Request_UnsupportedQuery', "'category'"],
    [{ $count: 'true' }, 'Request_UnsupportedQuery', '$count'],
    [{ $skip: '10' }, 'Request_UnsupportedQuery', '$skip'],
    [{ $skiptoken: 'garbage' }, 'BadRequest', '$skiptoken'],
    [
      { $filter: 'activityDateTime ge 2026-10-01T00:00:00Z' },
      'BadRequest',
      'Minimum allowed time for activityDateTime is 10/21/2026 12:00:00 AM',
    ],
  ])('answers %j with 400 %s', async (query, code, mention) => {
    expectGraphError(
      await getJson(auditsUrl(emulator.httpUrl, query as Record<string, string>), token),
      400,
      code,
      mention
    );
  });

  it('applies 7-day retention to a Free tenant', async () => {
    const freeToken = await accessToken({ baseUrl: emulator.httpUrl, tenant: FREE_TENANT_ID });
    const old = await getJson(
      auditsUrl(emulator.httpUrl, { $filter: 'activityDateTime ge 2026-11-10T00:00:00Z' }),
      freeToken
    );
    expectGraphError(old, 400, 'BadRequest', 'Minimum allowed time for activityDateTime is 11/13/2026 12:00:00 AM');
    const recent = await getJson(
      auditsUrl(emulator.httpUrl, { $filter: 'activityDateTime ge 2026-11-14T00:00:00Z', $top: '1' }),
      freeToken
    );
    expect(recent.status).toBe(200);
  });

  it('answers unknown paths with a Graph 404', async () => {
    expectGraphError(await getJson(`${emulator.httpUrl}/v1.0/auditLogs/nope`, token), 404, 'Request_ResourceNotFound');
  });
});

describe('paging while new events arrive', () => {
  it('keeps skiptokens valid and loses nothing', async () => {
    const live = await startEmulator({
      now: NOW,
      eventsPerDay: 20_000,
      httpsPort: false,
      throttle: false,
      live: true,
      ingestionDelayMs: 120_000,
    });
    try {
      const liveToken = await accessToken({ baseUrl: live.httpUrl });
      const from = '2026-11-20T10:00:00Z';
      const to = '2026-11-20T11:00:00Z';
      let url: string | undefined = auditsUrl(live.httpUrl, { $filter: range(from, to), $top: '100' });
      const seen: string[] = [];
      while (url) {
        const page = await getJson(url, liveToken);
        expect(page.status).toBe(200);
        seen.push(...page.json.value.map((e: any) => e.id));
        url = page.json['@odata.nextLink'];
        live.advance(60_000); // a minute of new events between pages
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toHaveLength(live.groundTruth({ from, to }).total);
    } finally {
      await live.close();
    }
  });
});
