import {
  DataQueryRequest,
  DataQueryResponse,
  dataFrameToJSON,
  dateTime,
  FieldType,
  LoadingState,
  toDataFrame,
} from '@grafana/data';
import { BackendSrv, BackendSrvRequest, FetchResponse, setBackendSrv } from '@grafana/runtime';
import { lastValueFrom, Observable, of, throwError, toArray } from 'rxjs';

import { AuditQuery } from '../core/model/query';
import { ManualClock } from '../core/time/manualClock';
import { AuditJsonData, DataSource } from './DataSource';
import { AuditVariableQuery } from './variables';

/** Grafana's backendSrv is the only thing faked: /api/ds/query answers as Grafana relays QueryData. */
const calls: BackendSrvRequest[] = [];
let queryAnswer: (body: { queries: AuditQuery[] }) => Record<string, unknown>;
let healthAnswer: () => Observable<FetchResponse<unknown>>;

const backendSrv = {
  fetch: (options: BackendSrvRequest): Observable<FetchResponse<unknown>> => {
    calls.push(options);
    if (options.url.startsWith('/api/ds/query')) {
      const data = { results: queryAnswer(options.data) };
      return of({ status: 200, data, ok: true, headers: new Headers() } as unknown as FetchResponse<unknown>);
    }
    if (options.url.endsWith('/health')) {
      return healthAnswer();
    }
    // A proxy route (browser mode): an empty page. Server-mode tests assert no such call was made.
    return of({
      status: 200,
      data: '{"value":[]}',
      ok: true,
      headers: new Headers(),
    } as unknown as FetchResponse<unknown>);
  },
};

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => backendSrv,
  getTemplateSrv: () => ({
    containsTemplate: (text?: string) => !!text && text.includes('$'),
    getVariables: () => [{ name: 'who', current: { value: 'alice@contoso.com' } }],
    replace: (text?: string) => (text ?? '').replace('$who', 'alice@contoso.com'),
  }),
}));

function dataSource(jsonData: Partial<AuditJsonData>) {
  const settings = {
    id: 1,
    uid: 'entra',
    type: 'auditlens-entraid-datasource',
    name: 'Entra',
    url: '/api/datasources/proxy/uid/entra',
    access: 'proxy',
    jsonData: { cloud: 'azure', tenantId: 'contoso.onmicrosoft.com', clientId: 'app-1', ...jsonData },
    meta: {},
    readOnly: false,
  };
  return new DataSource(settings as never, { clock: new ManualClock('2026-11-20T12:00:00Z') });
}

function request<T>(targets: T[]): DataQueryRequest<T & AuditQuery> {
  return {
    requestId: 'Q1',
    targets,
    range: {
      from: dateTime('2026-11-20T10:00:00Z'),
      to: dateTime('2026-11-20T11:00:00Z'),
      raw: { from: 'a', to: 'b' },
    },
    interval: '1m',
    intervalMs: 60_000,
    maxDataPoints: 1000,
    scopedVars: {},
    timezone: 'utc',
    app: 'dashboard',
    startTime: 0,
  } as unknown as DataQueryRequest<T & AuditQuery>;
}

function eventsFrame(refId: string) {
  return dataFrameToJSON(
    toDataFrame({
      refId,
      fields: [
        { name: 'Time', type: FieldType.time, values: [Date.parse('2026-11-20T10:30:00Z')] },
        { name: 'Activity', type: FieldType.string, values: ['Add member to role'] },
        { name: 'Initiated by', type: FieldType.string, values: ['alice@contoso.com'] },
        { name: 'Targets', type: FieldType.string, values: ['Bob (User)'] },
        { name: 'Correlation ID', type: FieldType.string, values: ['c-1'] },
        { name: 'ID', type: FieldType.string, values: ['e-1'] },
      ],
    })
  );
}

async function all(observable: Observable<DataQueryResponse>) {
  return lastValueFrom(observable.pipe(toArray()));
}

beforeAll(() => setBackendSrv(backendSrv as unknown as BackendSrv));
beforeEach(() => {
  calls.length = 0;
  queryAnswer = (body) => Object.fromEntries(body.queries.map((q) => [q.refId, { frames: [eventsFrame(q.refId)] }]));
});

describe('server mode', () => {
  it('posts interpolated queries to the backend and never calls a proxy route', async () => {
    const ds = dataSource({ queryMode: 'server' });
    const target = {
      refId: 'A',
      format: 'events',
      filters: [{ field: 'initiatedBy', operator: 'eq', values: ['$who'] }],
    };
    const [response] = await all(ds.query(request([target as AuditQuery, { refId: 'B', hide: true } as AuditQuery])));

    expect(calls.map((c) => c.url)).toEqual(['/api/ds/query?ds_type=auditlens-entraid-datasource&requestId=Q1']);
    const sent = (calls[0].data as { queries: AuditQuery[] }).queries;
    expect(sent.map((q) => q.refId)).toEqual(['A']);
    expect(sent[0].filters).toEqual([{ field: 'initiatedBy', operator: 'eq', values: ['alice@contoso.com'] }]);
    // The stored query's defaults go with it, as the browser engine applies them.
    expect(sent[0].groupBy).toBe('activity');
    expect(response.data[0].fields.map((f: { name: string }) => f.name)).toContain('Activity');
    // The same links as browser frames: a correlation ID opens every event of its operation.
    const correlation = response.data[0].fields.find((f: { name: string }) => f.name === 'Correlation ID');
    expect(correlation.config.links?.[0].title).toBe('Events of this operation');
  });

  it('sends data-driven variables to the backend and lists catalogue ones without a request', async () => {
    const ds = dataSource({ queryMode: 'server' });
    const variables = ds.variables as unknown as {
      query(r: DataQueryRequest<AuditVariableQuery>): Observable<DataQueryResponse>;
    };
    const [targets] = await all(variables.query(request([{ refId: 'V', kind: 'targets', filters: [] }])));
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toMatch(/^\/api\/ds\/query\?/);
    expect(targets.data[0].fields[0].values).toEqual(['Bob']);

    calls.length = 0;
    const [activities] = await all(variables.query(request([{ refId: 'V', kind: 'activities', filters: [] }])));
    expect(calls).toHaveLength(0);
    expect(activities.data[0].fields[0].values.length).toBeGreaterThan(10);
  });

  it('turns backend frames into annotations', async () => {
    const ds = dataSource({ queryMode: 'server' });
    const query = ds.annotations!.prepareQuery!({ target: { refId: 'Anno' } } as never)!;
    const [response] = await all(ds.query(request([query])));
    const events = await lastValueFrom(ds.annotations!.processEvents!({} as never, response.data));
    expect(events).toEqual([
      expect.objectContaining({ title: 'Add member to role', time: Date.parse('2026-11-20T10:30:00Z') }),
    ]);
    expect((calls[0].data as { queries: AuditQuery[] }).queries[0].format).toBe('events');
  });

  it('shows a backend error on the panel', async () => {
    queryAnswer = () => ({ A: { error: 'the client secret is missing; paste it', status: 400 } });
    const [response] = await all(dataSource({ queryMode: 'server' }).query(request([{ refId: 'A' } as AuditQuery])));
    expect(response.errors?.[0].message).toContain('the client secret is missing');
    expect(response.state).not.toBe(LoadingState.Streaming);
  });

  it('tests the connection with the backend only: no route probe when it does not answer', async () => {
    healthAnswer = () => throwError(() => ({ status: 502, data: {} }));
    const result = await dataSource({ queryMode: 'server' }).testDatasource();
    expect(result.status).toBe('error');
    expect(result.message).toContain('backend did not answer');
    expect(calls.map((c) => c.url)).toEqual(['/api/datasources/uid/entra/health']);
  });
});

describe('server with store mode', () => {
  it('posts queries to the backend, which answers from its store, and never calls a proxy route', async () => {
    const ds = dataSource({ queryMode: 'serverStore' });
    const [response] = await all(ds.query(request([{ refId: 'A', format: 'events' } as AuditQuery])));
    expect(calls.map((c) => c.url)).toEqual(['/api/ds/query?ds_type=auditlens-entraid-datasource&requestId=Q1']);
    expect(response.data[0].fields.map((f: { name: string }) => f.name)).toContain('Activity');
  });

  it('tests the connection with the backend only', async () => {
    healthAnswer = () => throwError(() => ({ status: 502, data: {} }));
    const result = await dataSource({ queryMode: 'serverStore' }).testDatasource();
    expect(result.message).toContain('backend did not answer');
    expect(calls.map((c) => c.url)).toEqual(['/api/datasources/uid/entra/health']);
  });
});

describe('browser mode', () => {
  it('never posts to the backend for a dashboard query', async () => {
    const ds = dataSource({});
    await all(ds.query(request([{ refId: 'A' } as AuditQuery])));
    expect(calls.some((c) => c.url.startsWith('/api/ds/query'))).toBe(false);
    expect(calls[0].url).toMatch(/^\/api\/datasources\/proxy\/uid\/entra\/msgraph\//);
  });
});
