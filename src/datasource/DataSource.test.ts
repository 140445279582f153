import { CoreApp, DataQueryRequest, DataQueryResponse, dateTime, LoadingState } from '@grafana/data';
import { BackendSrvRequest, FetchResponse } from '@grafana/runtime';
import { lastValueFrom, Observable, toArray } from 'rxjs';

import { ALL_VALUES, AuditQuery } from '../core/model/query';
import { ManualClock } from '../core/time/manualClock';
import { AuditJsonData, DataSource } from './DataSource';

const PROXY = '/api/datasources/proxy/uid/entra';
const ROUTE = `${PROXY}/msgraph/azure/v1.0/auditLogs/directoryAudits`;
const GRAPH = 'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits';
const SECRET = 'super-secret-client-value';

type Answer = { status: number; body: string };
const fetchCalls: BackendSrvRequest[] = [];
let answer: (url: string) => Answer;
let teardowns = 0;

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch: (options: BackendSrvRequest) => fakeFetch(options) }),
  getTemplateSrv: () => templateSrv,
}));

const variables: Record<string, string | string[]> = {};
const templateSrv = {
  containsTemplate: (text?: string) => !!text && /\$\w+/.test(text),
  getVariables: () => Object.entries(variables).map(([name, value]) => ({ name, current: { value } })),
  replace: (text: string | undefined, _scoped: unknown, format?: (value: unknown) => string) =>
    (text ?? '').replace(/\$(\w+)/g, (_m, name: string) => {
      const value = variables[name];
      const expanded = value === ALL_VALUES ? ['x', 'y'] : value;
      return format ? format(expanded) : String(expanded);
    }),
};

function fakeFetch(options: BackendSrvRequest): Observable<FetchResponse<string>> {
  fetchCalls.push(options);
  return new Observable((subscriber) => {
    const { status, body } = answer(options.url);
    if (status >= 200 && status < 300) {
      subscriber.next({ status, data: body, headers: new Headers(), ok: true } as unknown as FetchResponse<string>);
      subscriber.complete();
    } else if (status === -1) {
      subscriber.error({ status: -1, cancelled: true, data: null, statusText: 'Request was aborted' });
    } else if (status > 0) {
      // Grafana's processRequestError wraps a text body this way before the data source sees it.
      subscriber.error({ status, data: { message: body, error: 'failed', response: body }, statusText: 'failed' });
    }
    return () => teardowns++;
  });
}

function audit(id: string, time: string, activity: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    activityDateTime: time,
    activityDisplayName: activity,
    category: 'UserManagement',
    result: 'success',
    ...extra,
  };
}

function page(events: unknown[], next?: string): Answer {
  return { status: 200, body: JSON.stringify({ value: events, ...(next ? { '@odata.nextLink': next } : {}) }) };
}

function dataSource(jsonData: Partial<AuditJsonData> = {}, clock = new ManualClock('2026-11-20T12:00:00Z')) {
  const settings = {
    id: 1,
    uid: 'entra',
    type: 'auditlens-entraid-datasource',
    name: 'Entra',
    url: PROXY,
    access: 'proxy',
    jsonData: { cloud: 'azure', tenantId: 'contoso.onmicrosoft.com', clientId: 'app-1', ...jsonData },
    secureJsonFields: { clientSecret: true },
    meta: {},
    readOnly: false,
  };
  return new DataSource(settings as never, { clock, random: () => 0.5 });
}

function request(targets: Array<Partial<AuditQuery>>): DataQueryRequest<AuditQuery> {
  return {
    requestId: 'Q7',
    targets: targets.map((t, i) => ({
      refId: String.fromCharCode(65 + i),
      format: 'summary',
      groupBy: 'activity',
      filters: [],
      ...t,
    })),
    range: {
      from: dateTime('2026-11-20T10:00:00Z'),
      to: dateTime('2026-11-20T11:00:00Z'),
      raw: { from: 'now-2h', to: 'now-1h' },
    },
    interval: '5m',
    intervalMs: 300_000,
    maxDataPoints: 1000,
    scopedVars: {},
    timezone: 'utc',
    app: 'dashboard',
    startTime: 0,
  } as DataQueryRequest<AuditQuery>;
}

async function responses(observable: Observable<DataQueryResponse>) {
  return lastValueFrom(observable.pipe(toArray()));
}

beforeEach(() => {
  fetchCalls.length = 0;
  teardowns = 0;
  for (const key of Object.keys(variables)) {
    delete variables[key];
  }
});

describe('DataSource.query', () => {
  it('walks every page through the proxy route and streams partials before the final frames', async () => {
    answer = (url) =>
      url.includes('skiptoken')
        ? page([audit('2', '2026-11-20T10:00:00Z', 'Add user')])
        : page(
            [audit('1', '2026-11-20T11:00:00Z', 'Add user'), audit('3', '2026-11-20T10:30:00Z', 'Delete user')],
            `${GRAPH}?$skiptoken=abc`
          );

    const all = await responses(dataSource().query(request([{}])));

    expect(fetchCalls.map((c) => c.url)).toEqual([
      expect.stringMatching(new RegExp(`^${ROUTE}\\?\\$filter=`)),
      `${ROUTE}?$skiptoken=abc`,
    ]);
    expect(decodeURIComponent(fetchCalls[0].url)).toContain(
      '$filter=activityDateTime ge 2026-11-20T10:00:00.000Z and activityDateTime le 2026-11-20T11:00:00.000Z'
    );
    expect(fetchCalls.every((c) => c.method === 'GET' && !c.headers)).toBe(true);
    expect(all.map((r) => r.state)).toEqual([LoadingState.Streaming, LoadingState.Done]);
    const summary = all[1].data[0];
    expect(summary.fields[0].values).toEqual(['Add user', 'Delete user']);
    expect(summary.fields[1].values).toEqual([2, 1]);
    expect(summary.meta.executedQueryString).toContain(`GET ${GRAPH}?$filter=`);
  });

  it('turns a multi-value variable into a plugin-side OR and "All" into no filter', async () => {
    variables.activity = ['Add user', "O'Brien's"];
    variables.category = ALL_VALUES;
    answer = () =>
      page([audit('1', '2026-11-20T10:10:00Z', 'Add user'), audit('2', '2026-11-20T10:20:00Z', 'Reset password')]);

    const [final] = await responses(
      dataSource().query(
        request([
          {
            filters: [
              { field: 'activity', operator: 'eq', values: ['$activity'] },
              { field: 'category', operator: 'eq', values: ['$category'] },
            ],
          },
        ])
      )
    );

    const filter = new URL(`http://x${fetchCalls[0].url}`).searchParams.get('$filter');
    expect(filter).toBe(
      'activityDateTime ge 2026-11-20T10:00:00.000Z and activityDateTime le 2026-11-20T11:00:00.000Z'
    );
    expect(final.data[0].fields[0].values).toEqual(['Add user']);
    expect(final.data[0].meta.executedQueryString).toContain("activity eq 'Add user' or 'O''Brien''s'");
  });

  it('refuses a nextLink to another host without requesting it', async () => {
    answer = () =>
      page(
        [audit('1', '2026-11-20T10:10:00Z', 'Add user')],
        'https://evil.example.com/v1.0/auditLogs/directoryAudits?$skiptoken=1'
      );

    const [final] = await responses(dataSource().query(request([{}])));

    expect(fetchCalls).toHaveLength(1);
    expect(final.state).toBe(LoadingState.Error);
    expect(final.errors?.[0].message).toMatch(/outside https:\/\/graph\.microsoft\.com/);
  });

  it('skips hidden queries', async () => {
    answer = () => page([]);
    const all = await responses(dataSource().query(request([{ hide: true }])));
    expect(fetchCalls).toHaveLength(0);
    expect(all).toEqual([{ data: [], state: LoadingState.Done }]);
  });

  it('aborts the request in flight when the panel unsubscribes', async () => {
    answer = () => ({ status: 0, body: '' });
    const subscription = dataSource()
      .query(request([{}]))
      .subscribe();
    await Promise.resolve();
    expect(fetchCalls).toHaveLength(1);
    subscription.unsubscribe();
    expect(teardowns).toBe(1);
  });

  it('never lets a token or secret from an upstream body reach the panel', async () => {
    answer = () => ({
      status: 403,
      body: JSON.stringify({
        error: {
          code: 'Authorization_RequestDenied',
          message: `Bearer eyJ0eXAiOiJKV1QiLCJhbGciOi.eyJhdWQiOiJodHRwczovL2dyYXBo.sig client_secret=${SECRET}`,
        },
      }),
    });

    const all = await responses(dataSource().query(request([{}])));

    const text = JSON.stringify(all);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('eyJ0eXAi');
    expect(all[0].errors?.[0].message).toMatch(/AuditLog\.Read\.All and Directory\.Read\.All/);
    expect(JSON.stringify(fetchCalls)).not.toMatch(/secret|Authorization/i);
  });

  it('stops walking when the panel unsubscribes during a retry wait', async () => {
    const clock = new ManualClock('2026-11-20T12:00:00Z');
    const ds = dataSource({}, clock);
    answer = () => ({ status: 503, body: '' });
    const subscription = ds.query(request([{}])).subscribe();
    for (let i = 0; i < 50 && clock.pendingWakeTimes().length === 0; i++) {
      await Promise.resolve();
    }
    expect(fetchCalls).toHaveLength(1);
    subscription.unsubscribe();
    await clock.advance(60_000);
    expect(fetchCalls).toHaveLength(1);
  });

  it('answers each query under its own key, failures included', async () => {
    answer = (url) =>
      decodeURIComponent(url).includes("activityDisplayName eq 'Broken'")
        ? { status: 400, body: JSON.stringify({ error: { code: 'BadRequest', message: 'Invalid filter clause' } }) }
        : page([audit('1', '2026-11-20T10:10:00Z', 'Add user')]);

    const all = await responses(
      // A raw clause: a pushed-down filter alone would be served from A's wider walk (issue #8).
      dataSource().query(request([{}, { rawFilter: "activityDisplayName eq 'Broken'" }]))
    );

    const byKey = Object.fromEntries(all.map((r) => [r.key, r]));
    expect(byKey.A.state).toBe(LoadingState.Done);
    expect(byKey.A.data[0].fields[1].values).toEqual([1]);
    expect(byKey.B.state).toBe(LoadingState.Error);
    expect(byKey.B.errors).toEqual([
      {
        refId: 'B',
        message: expect.stringContaining('Microsoft said: "BadRequest: Invalid filter clause"'),
        status: 400,
      },
    ]);
    expect(byKey.B.data[0].meta.executedQueryString).toContain("activityDisplayName eq 'Broken'");
  });

  it('walks once for two panels of one refresh, each with its own format and plugin-side filter', async () => {
    answer = () =>
      page([
        audit('1', '2026-11-20T10:10:00Z', 'Add user'),
        audit('2', '2026-11-20T10:20:00Z', 'Add user', { result: 'failure' }),
      ]);

    const all = await responses(
      dataSource().query(
        request([
          { format: 'summary' },
          { format: 'alertNumbers', filters: [{ field: 'result', operator: 'eq', values: ['failure'] }] },
        ])
      )
    );

    expect(fetchCalls).toHaveLength(1);
    const byKey = Object.fromEntries(all.map((r) => [r.key, r]));
    expect(byKey.A.data[0].fields[1].values).toEqual([2]);
    expect(byKey.B.data[0].fields[0].values).toEqual([1]);
  });

  it('reports a request Grafana itself cancelled instead of failing the panel stream', async () => {
    answer = () => ({ status: -1, body: '' });
    const all = await responses(dataSource().query(request([{}])));
    expect(all).toHaveLength(1);
    expect(all[0].state).toBe(LoadingState.Error);
    expect(all[0].errors?.[0].message).toMatch(/Grafana cancelled the request/);
  });

  it('reports settings problems without sending anything', async () => {
    const [final] = await responses(dataSource({ tenantId: '' }).query(request([{}])));
    expect(fetchCalls).toHaveLength(0);
    expect(final.errors?.[0].message).toMatch(/tenant ID is missing/);
  });
});

describe('DataSource in Explore', () => {
  it('defaults to logs in Explore and to a time series elsewhere', () => {
    expect(dataSource().getDefaultQuery(CoreApp.Explore)).toMatchObject({ format: 'logs', groupBy: 'activity' });
    expect(dataSource().getDefaultQuery(CoreApp.Dashboard)).toMatchObject({ format: 'timeSeries' });
    expect(dataSource().getDefaultQuery(CoreApp.UnifiedAlerting)).toMatchObject({ format: 'alertNumbers' });
  });

  it('describes a query in one line for the query history', () => {
    expect(dataSource().getQueryDisplayText({ refId: 'A', format: 'logs', groupBy: 'activity', filters: [] })).toBe(
      'Logs by activity'
    );
  });

  it('runs visible queries only', () => {
    expect(dataSource().filterQuery({ refId: 'A', format: 'logs', groupBy: 'activity', filters: [], hide: true })).toBe(
      false
    );
    expect(dataSource().filterQuery({ refId: 'A', format: 'logs', groupBy: 'activity', filters: [] })).toBe(true);
  });

  it('returns a log-lines frame Explore shows as logs', async () => {
    answer = () => page([audit('1', '2026-11-20T10:10:00Z', 'Add user', { result: 'failure' })]);
    const [final] = await responses(dataSource().query(request([{ format: 'logs' }])));
    const frame = final.data[0];
    expect(frame.meta).toMatchObject({ type: 'log-lines', preferredVisualisationType: 'logs' });
    expect(frame.fields.map((f: { name: string; type: string }) => [f.name, f.type])).toEqual([
      ['timestamp', 'time'],
      ['body', 'string'],
      ['severity', 'string'],
      ['id', 'string'],
      ['labels', 'other'],
    ]);
    expect(frame.fields[2].values).toEqual(['error']);
  });
});
