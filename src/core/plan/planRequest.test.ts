import { ALL_VALUES, AuditQuery, FilterCondition, withQueryDefaults } from '../model/query';
import { AuditSettings, resolveSettings } from '../model/settings';
import { planRequest } from './planRequest';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const RANGE = { from: Date.parse('2026-11-20T10:00:00Z'), to: Date.parse('2026-11-20T11:00:00.250Z') };
const TIME_FILTER = 'activityDateTime ge 2026-11-20T10:00:00.000Z and activityDateTime le 2026-11-20T11:00:00.250Z';

function settings(overrides: Partial<AuditSettings> = {}) {
  return resolveSettings({ tenantId: 'contoso.onmicrosoft.com', clientId: 'app', ...overrides });
}

function query(overrides: Partial<AuditQuery> = {}): AuditQuery {
  return withQueryDefaults({ refId: 'A', ...overrides });
}

function plan(overrides: Partial<AuditQuery> = {}, range = RANGE, s = settings()) {
  return planRequest(query(overrides), range, s, NOW);
}

function withFilter(...filters: FilterCondition[]) {
  return plan({ filters });
}

describe('planRequest: range', () => {
  it('turns the panel range into inclusive UTC edges with millisecond precision', () => {
    const p = plan();
    expect(p.filter).toBe(TIME_FILTER);
    const url = new URL(p.firstUrl);
    expect(`${url.origin}${url.pathname}`).toBe('https://graph.microsoft.com/v1.0/auditLogs/directoryAudits');
    expect(url.searchParams.get('$filter')).toBe(TIME_FILTER);
    expect(url.searchParams.get('$top')).toBe('1000');
    expect(url.searchParams.get('$orderby')).toBe('activityDateTime desc');
    expect(p.range).toEqual(RANGE);
  });

  it('asks for no more per page than the events limit', () => {
    expect(plan({}, RANGE, settings({ maxEvents: 250 })).pageSize).toBe(250);
  });

  it('rejects a reversed range', () => {
    expect(() => plan({}, { from: RANGE.to, to: RANGE.from })).toThrow(/start must not be after its end/);
  });

  it.each([
    ['china', 'https://microsoftgraph.chinacloudapi.cn/beta/auditLogs/directoryAudits'],
    ['usgov', 'https://graph.microsoft.us/v1.0/auditLogs/directoryAudits'],
    ['usgovdod', 'https://dod-graph.microsoft.us/v1.0/auditLogs/directoryAudits'],
  ] as const)('addresses the %s cloud', (cloud, endpoint) => {
    expect(plan({}, RANGE, settings({ cloud })).endpoint).toBe(endpoint);
  });

  it('fails with the setting to fix when the settings are incomplete', () => {
    expect(() => plan({}, RANGE, settings({ tenantId: '' }))).toThrow(/tenant ID is missing/);
  });
});

describe('planRequest: retention', () => {
  it('moves a start before retention to the retention edge, with a notice', () => {
    const from = NOW - 45 * 86_400_000;
    const p = plan({}, { from, to: RANGE.to });
    expect(p.range.from).toBe(NOW - 30 * 86_400_000);
    expect(p.filter).toContain('activityDateTime ge 2026-10-21T12:00:00.000Z');
    expect(p.notices).toEqual([
      { severity: 'warning', text: expect.stringMatching(/30-day audit retention.*2026-10-21T12:00:00\.000Z/) },
    ]);
    expect(p.outsideRetention).toBe(false);
  });

  it('clamps "Last 30 days" silently when it starts only moments before the edge', () => {
    const p = plan({}, { from: NOW - 30 * 86_400_000 - 250, to: NOW });
    expect(p.range.from).toBe(NOW - 30 * 86_400_000);
    expect(p.notices).toEqual([]);
  });

  it('follows the configured retention of a Free tenant', () => {
    const p = plan({}, { from: NOW - 10 * 86_400_000, to: NOW }, settings({ retentionDays: 7 }));
    expect(p.range.from).toBe(NOW - 7 * 86_400_000);
  });

  it('plans no request when the whole range is older than retention', () => {
    const p = plan({}, { from: NOW - 60 * 86_400_000, to: NOW - 40 * 86_400_000 });
    expect(p.outsideRetention).toBe(true);
    expect(p.notices[0].text).toMatch(/whole time range is older/);
  });
});

describe('planRequest: filters pushed to Graph', () => {
  it.each<[FilterCondition, string]>([
    [{ field: 'activity', operator: 'eq', values: ['Add user'] }, "activityDisplayName eq 'Add user'"],
    [{ field: 'activity', operator: 'startsWith', values: ['Add'] }, "startswith(activityDisplayName, 'Add')"],
    [{ field: 'service', operator: 'eq', values: ['Core Directory'] }, "loggedByService eq 'Core Directory'"],
    [{ field: 'id', operator: 'eq', values: ['Directory_1'] }, "id eq 'Directory_1'"],
    [
      { field: 'correlationId', operator: 'eq', values: ['b662f17a-4e4d-4e1c-9248-cdec180024b2'] },
      "correlationId eq 'b662f17a-4e4d-4e1c-9248-cdec180024b2'",
    ],
    [
      { field: 'initiatorUpn', operator: 'eq', values: ['a@contoso.com'] },
      "initiatedBy/user/userPrincipalName eq 'a@contoso.com'",
    ],
    [
      { field: 'initiatorUpn', operator: 'startsWith', values: ['adm'] },
      "startswith(initiatedBy/user/userPrincipalName, 'adm')",
    ],
    [{ field: 'initiatorUserId', operator: 'eq', values: ['u1'] }, "initiatedBy/user/id eq 'u1'"],
    [{ field: 'initiatorUserName', operator: 'eq', values: ['Ann'] }, "initiatedBy/user/displayName eq 'Ann'"],
    [{ field: 'initiatorAppId', operator: 'eq', values: ['a1'] }, "initiatedBy/app/appId eq 'a1'"],
    [{ field: 'initiatorAppName', operator: 'eq', values: ['Sync'] }, "initiatedBy/app/displayName eq 'Sync'"],
    [{ field: 'targetId', operator: 'eq', values: ['t1'] }, "targetResources/any(t: t/id eq 't1')"],
    [{ field: 'targetName', operator: 'eq', values: ['Jo'] }, "targetResources/any(t: t/displayName eq 'Jo')"],
    [
      { field: 'targetName', operator: 'startsWith', values: ['J'] },
      "targetResources/any(t: startswith(t/displayName, 'J'))",
    ],
  ])('%j → %s', (condition, clause) => {
    const p = withFilter(condition);
    expect(p.filter).toBe(`${TIME_FILTER} and ${clause}`);
    expect(p.serverConditions).toEqual([condition]);
    expect(p.pluginConditions).toEqual([]);
  });

  it('ANDs several server-side rows in order', () => {
    const p = withFilter(
      { field: 'activity', operator: 'eq', values: ['Add user'] },
      { field: 'service', operator: 'eq', values: ['Core Directory'] }
    );
    expect(p.filter).toBe(
      `${TIME_FILTER} and activityDisplayName eq 'Add user' and loggedByService eq 'Core Directory'`
    );
  });
});

describe('planRequest: filters the plugin applies', () => {
  it.each<FilterCondition>([
    { field: 'category', operator: 'eq', values: ['UserManagement'] },
    { field: 'result', operator: 'eq', values: ['failure'] },
    { field: 'operationType', operator: 'eq', values: ['Delete'] },
    { field: 'targetType', operator: 'eq', values: ['Group'] },
    { field: 'service', operator: 'startsWith', values: ['Core'] },
    { field: 'correlationId', operator: 'startsWith', values: ['b662'] },
    { field: 'activity', operator: 'eq', values: ['Add user', 'Delete user'] },
  ])('keeps %j out of $filter', (condition) => {
    const p = withFilter(condition);
    expect(p.filter).toBe(TIME_FILTER);
    expect(p.pluginConditions).toEqual([condition]);
    expect(p.executedQueryString).toContain('Filtered by the plugin after fetching:');
  });

  it.each<FilterCondition>([
    { field: 'activity', operator: 'eq', values: [ALL_VALUES] },
    { field: 'category', operator: 'eq', values: ['UserManagement', ALL_VALUES] },
    { field: 'result', operator: 'eq', values: [] },
  ])('treats %j as no filter at all', (condition) => {
    const p = withFilter(condition);
    expect(p.filter).toBe(TIME_FILTER);
    expect(p.serverConditions).toEqual([]);
    expect(p.pluginConditions).toEqual([]);
  });

  it('shows both halves in the executed query string', () => {
    const p = withFilter(
      { field: 'activity', operator: 'eq', values: ['Add user'] },
      { field: 'result', operator: 'eq', values: ['failure', 'timeout'] }
    );
    expect(p.executedQueryString.split('\n')).toEqual([
      `GET https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$filter=${TIME_FILTER} and activityDisplayName eq 'Add user'&$top=1000&$orderby=activityDateTime desc`,
      "Filtered by the plugin after fetching: result eq 'failure' or 'timeout'",
      'Every @odata.nextLink page is followed.',
    ]);
  });
});

describe('planRequest: escaping and injection', () => {
  it('doubles quotes so a value stays inside its literal', () => {
    const p = withFilter({ field: 'initiatorUserName', operator: 'eq', values: ["O'Brien"] });
    expect(p.filter).toBe(`${TIME_FILTER} and initiatedBy/user/displayName eq 'O''Brien'`);
  });

  it.each([
    "x' or activityDisplayName ne 'y",
    "') or (1 eq 1",
    "x'') or true or (''",
    'a%27 or true',
    "x' and activityDateTime ge 2000-01-01T00:00:00Z or 'a' eq 'a",
  ])('cannot widen the query with %s', (value) => {
    const p = withFilter({ field: 'targetName', operator: 'eq', values: [value] });
    expect(p.filter).toBe(`${TIME_FILTER} and targetResources/any(t: t/displayName eq '${value.replace(/'/g, "''")}')`);
    // Reading the literal back with OData's rules gives the value, whole.
    const literal = p.filter.slice(p.filter.indexOf("eq '") + 3, -1);
    expect(literal.endsWith("'")).toBe(true);
    expect(literal.slice(1, -1).replace(/''/g, "'")).toBe(value);
    expect(literal.slice(1, -1).replace(/''/g, '')).not.toContain("'");
  });

  it('survives the URL: & # and + inside values are encoded, not interpreted', () => {
    const value = 'a&$top=1#frag+b';
    const p = withFilter({ field: 'initiatorAppName', operator: 'eq', values: [value] });
    const url = new URL(p.firstUrl);
    expect(url.hash).toBe('');
    expect(url.searchParams.getAll('$top')).toEqual(['1000']);
    expect(url.searchParams.get('$filter')).toBe(`${TIME_FILTER} and initiatedBy/app/displayName eq '${value}'`);
  });

  it("wraps an expert's raw clause in parentheses and ANDs it", () => {
    const p = plan({ rawFilter: "  loggedByService eq 'B2C' or loggedByService eq 'Invited Users' " });
    expect(p.filter).toBe(`${TIME_FILTER} and (loggedByService eq 'B2C' or loggedByService eq 'Invited Users')`);
  });

  it('accepts parentheses inside literals of a raw clause', () => {
    const p = plan({ rawFilter: "activityDisplayName eq 'Update (legacy)' and startswith(id, 'D''x')" });
    expect(p.filter).toContain("(activityDisplayName eq 'Update (legacy)' and startswith(id, 'D''x'))");
  });

  it.each([
    [
      "activityDisplayName eq 'x') or (activityDateTime ge 2000-01-01T00:00:00Z",
      /closes a parenthesis that was never opened/,
    ],
    ["activityDisplayName eq 'x", /text literal is not closed/],
    ['(result eq 1', /1 parenthesis is not closed/],
  ])('rejects the raw clause %s', (rawFilter, message) => {
    expect(() => plan({ rawFilter })).toThrow(message);
  });
});
