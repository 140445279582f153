import { ALL_VALUES, AuditQuery, FilterCondition, withQueryDefaults } from '../model/query';
import { AuditSettings, resolveSettings } from '../model/settings';
import { legacyServerClause } from './legacyPushdown';
import { auditEndpoint, planRequest } from './planRequest';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const RANGE = { from: Date.parse('2026-11-20T10:00:00Z'), to: Date.parse('2026-11-20T11:00:00.250Z') };
const TIME_FILTER = 'activityDate ge 2026-11-20T10:00:00.000Z and activityDate le 2026-11-20T11:00:00.250Z';

function settings(overrides: Partial<AuditSettings> = {}) {
  return resolveSettings({ tenantId: 'contoso.onmicrosoft.com', clientId: 'app', api: 'legacy', ...overrides });
}

function plan(overrides: Partial<AuditQuery> = {}, s = settings()) {
  return planRequest(withQueryDefaults({ refId: 'A', ...overrides }), RANGE, s, NOW);
}

const row = (field: FilterCondition['field'], values: string[], operator: FilterCondition['operator'] = 'eq') => ({
  field,
  operator,
  values,
});

describe('planRequest on the legacy Azure AD Graph API', () => {
  it('asks <legacy host>/<tenant>/activities/audit with api-version=beta and activityDate edges, no $top or $orderby', () => {
    const p = plan();
    const url = new URL(p.firstUrl);
    expect(`${url.origin}${url.pathname}`).toBe('https://graph.windows.net/contoso.onmicrosoft.com/activities/audit');
    expect([...url.searchParams.keys()]).toEqual(['api-version', '$filter']);
    expect(url.searchParams.get('api-version')).toBe('beta');
    expect(url.searchParams.get('$filter')).toBe(TIME_FILTER);
    expect(p.endpoint).toBe('https://graph.windows.net/contoso.onmicrosoft.com/activities/audit');
    expect(p.executedQueryString).toContain(`GET ${p.endpoint}?api-version=beta&$filter=${TIME_FILTER}`);
  });

  it("uses each cloud's legacy host, and a custom cloud's own legacy URL", () => {
    expect(auditEndpoint(settings({ cloud: 'china' }))).toBe(
      'https://graph.chinacloudapi.cn/contoso.onmicrosoft.com/activities/audit'
    );
    expect(auditEndpoint(settings({ cloud: 'usgovdod' }))).toBe(
      'https://graph.microsoftazure.us/contoso.onmicrosoft.com/activities/audit'
    );
    const custom = settings({
      cloud: 'custom',
      loginUrl: 'http://127.0.0.1:9000',
      graphUrl: 'http://127.0.0.1:9001',
      legacyGraphUrl: 'http://127.0.0.1:9002/',
    });
    expect(
      plan({}, custom).firstUrl.startsWith('http://127.0.0.1:9002/contoso.onmicrosoft.com/activities/audit?')
    ).toBe(true);
  });

  it.each<[FilterCondition, string]>([
    [row('activity', ['Add user']), "activity eq 'Add user'"],
    [row('activity', ['Add'], 'startsWith'), "startswith(activity, 'Add')"],
    [row('category', ['Directory']), "category eq 'Directory'"],
    [row('activityType', ['Group']), "activityType eq 'Group'"],
    [row('result', ['success']), 'activityStatus eq 0'],
    [row('result', ['Failure']), 'activityStatus eq -1'],
    [row('initiatorUserName', ['Admin']), "actor/name eq 'Admin'"],
    [row('initiatorUserId', ['u-1']), "actor/objectId eq 'u-1'"],
    [row('initiatorUpn', ['admin@contoso.com']), "actor/upn eq 'admin@contoso.com'"],
    [
      row('initiatorUpn', ['adm'], 'startsWith'),
      "startswith(actor/Microsoft.ActiveDirectory.DataService.PublicApi.Model.Reporting.AuditLog.ActorUserEntity/userPrincipalName, 'adm')",
    ],
    [row('targetName', ['Alice']), "targets/any(t: t/name eq 'Alice')"],
    [row('targetName', ['Al'], 'startsWith'), "targets/any(t: startswith(t/name, 'Al'))"],
    [row('targetId', ['t-1']), "targets/any(t: t/objectId eq 't-1')"],
    [row('initiatorUserName', ["O'Brien's app"]), "actor/name eq 'O''Brien''s app'"],
  ])('pushes %j as %s, and checks it again in the plugin', (condition, clause) => {
    const p = plan({ filters: [condition] });
    expect(p.filter).toBe(`${TIME_FILTER} and ${clause}`);
    expect(p.serverConditions).toEqual([condition]);
    expect(p.pluginConditions).toEqual([condition]);
    expect(p.executedQueryString).toContain('checked again) by the plugin');
  });

  it.each<FilterCondition>([
    row('service', ['Core Directory']),
    row('operationType', ['Add']),
    row('targetType', ['User']),
    row('correlationId', ['c-1']),
    row('id', ['l-1']),
    row('initiatorAppName', ['HR Sync']),
    row('initiatorAppId', ['app-1']),
    row('result', ['timeout']),
    row('result', ['succ'], 'startsWith'),
    row('category', ['Dir'], 'startsWith'),
    row('initiatorUserId', ['u'], 'startsWith'),
    row('activity', ['Add user', 'Delete user']),
  ])('leaves %j to the plugin', (condition) => {
    const p = plan({ filters: [condition] });
    expect(p.filter).toBe(TIME_FILTER);
    expect(p.serverConditions).toEqual([]);
    expect(p.pluginConditions).toEqual([condition]);
    expect(legacyServerClause(condition)).toBeUndefined();
  });

  it('ignores "All" and empty rows, keeps row order, and ANDs the raw clause last', () => {
    const p = plan({
      filters: [
        row('activity', [ALL_VALUES]),
        row('category', []),
        row('activityType', ['User']),
        row('activity', ['Add user']),
      ],
      rawFilter: "actor/name eq 'x'",
    });
    expect(p.filter).toBe(
      `${TIME_FILTER} and activityType eq 'User' and activity eq 'Add user' and (actor/name eq 'x')`
    );
  });

  it('refuses an open raw clause before any request, as on Graph', () => {
    expect(() => plan({ rawFilter: "activity eq 'x') or (true" })).toThrow(/raw \$filter/);
  });

  it('clamps a start before retention the same way as on Graph', () => {
    const p = planRequest(
      withQueryDefaults({ refId: 'A' }),
      { from: NOW - 40 * 86_400_000, to: NOW },
      settings({ retentionDays: 30 }),
      NOW
    );
    expect(p.filter.startsWith('activityDate ge 2026-10-21T12:00:00.000Z and activityDate le')).toBe(true);
    expect(p.notices[0].text).toMatch(/30-day audit retention/);
  });
});
