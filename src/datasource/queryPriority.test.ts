import { CoreApp, DataQueryRequest, dateTime } from '@grafana/data';
import { BackendSrvRequest, FetchResponse } from '@grafana/runtime';
import { lastValueFrom, Observable } from 'rxjs';

import { AuditQuery } from '../core/model/query';
import { QueryPriority } from '../core/coordinate/queryPriority';
import { runWithClock } from '../core/testing/scriptedTransport';
import { ManualClock } from '../core/time/manualClock';
import { DataSource } from './DataSource';
import { asVariableRequest, browserDocumentHidden, priorityOf, requestPriority } from './queryPriority';
import { AuditVariableSupport } from './variables';

const GRAPH = 'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits';
const fetched: string[] = [];

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch: (options: BackendSrvRequest) => fakeFetch(options) }),
  getTemplateSrv: () => ({
    containsTemplate: () => false,
    getVariables: () => [],
    replace: (text?: string) => text ?? '',
  }),
}));

/** Graph as the proxy answers it: the 10:00-11:00 range has two pages, every other range one. */
function fakeFetch(options: BackendSrvRequest): Observable<FetchResponse<string>> {
  const url = decodeURIComponent(options.url);
  const walk = url.includes('skiptoken') ? 'long-2' : url.includes('ge 2026-11-20T10:00') ? 'long-1' : 'short-1';
  fetched.push(walk);
  const body = {
    value: [
      {
        id: walk,
        activityDateTime: walk === 'short-1' ? '2026-11-20T09:30:00Z' : '2026-11-20T10:30:00Z',
        activityDisplayName: 'Add user',
        category: 'UserManagement',
        result: 'success',
        initiatedBy: { user: { userPrincipalName: 'admin@contoso.com' } },
      },
    ],
    ...(walk === 'long-1' ? { '@odata.nextLink': `${GRAPH}?$skiptoken=2` } : {}),
  };
  return new Observable((subscriber) => {
    subscriber.next({ status: 200, data: JSON.stringify(body), headers: new Headers(), ok: true } as never);
    subscriber.complete();
  });
}

function request(
  app: string | undefined,
  { range = 'long', requestId = 'SQR100' }: { range?: 'long' | 'short'; requestId?: string } = {}
): DataQueryRequest<AuditQuery> {
  const from = range === 'long' ? '2026-11-20T10:00:00Z' : '2026-11-20T09:00:00Z';
  const to = range === 'long' ? '2026-11-20T11:00:00Z' : '2026-11-20T10:00:00Z';
  return {
    requestId,
    targets: [{ refId: 'A', format: 'summary', groupBy: 'activity', filters: [] }],
    range: { from: dateTime(from), to: dateTime(to), raw: { from, to } },
    interval: '5m',
    intervalMs: 300_000,
    maxDataPoints: 1000,
    scopedVars: {},
    timezone: 'utc',
    app,
    startTime: 0,
  } as DataQueryRequest<AuditQuery>;
}

describe('requestPriority', () => {
  it.each<[string | undefined, QueryPriority]>([
    [CoreApp.Explore, 'interactive'],
    [CoreApp.PanelEditor, 'interactive'],
    [CoreApp.PanelViewer, 'interactive'],
    [CoreApp.UnifiedAlerting, 'interactive'],
    [CoreApp.CloudAlerting, 'interactive'],
    [CoreApp.Correlations, 'interactive'],
    [CoreApp.Dashboard, 'dashboard'],
    [CoreApp.Unknown, 'dashboard'],
    ['some-app-plugin', 'dashboard'],
    [undefined, 'dashboard'],
  ])('maps app %s to %s', (app, priority) => {
    expect(requestPriority(request(app))).toBe(priority);
  });

  it("ranks annotation requests (Grafana's AQ<n> requests, query Anno) with the panels they are drawn on", () => {
    expect(requestPriority(request(CoreApp.Dashboard, { requestId: 'AQ101' }))).toBe('dashboard');
    const anno = request(CoreApp.Dashboard);
    anno.targets = [{ ...anno.targets[0], refId: 'Anno' }];
    expect(requestPriority(anno)).toBe('dashboard');
  });

  it('puts variable requests first: the whole dashboard waits for them', () => {
    const dashboard = request(CoreApp.Dashboard);
    expect(requestPriority(asVariableRequest({ ...dashboard }))).toBe('interactive');
    expect(requestPriority(dashboard)).toBe('dashboard');
  });
});

describe('priorityOf', () => {
  it('reads the visibility each time: a tab hidden mid-walk yields, and comes back when shown', () => {
    let hidden = false;
    const priority = priorityOf(request(CoreApp.Explore), () => hidden);
    expect(priority()).toBe('interactive');
    hidden = true;
    expect(priority()).toBe('background');
    hidden = false;
    expect(priority()).toBe('interactive');
  });

  it("reads the browser's document.visibilityState", () => {
    const visibility = jest.spyOn(document, 'visibilityState', 'get');
    visibility.mockReturnValue('hidden');
    expect(browserDocumentHidden()).toBe(true);
    visibility.mockReturnValue('visible');
    expect(browserDocumentHidden()).toBe(false);
    visibility.mockRestore();
  });
});

describe('DataSource: who waits goes first', () => {
  let hidden = false;
  const clock = () => new ManualClock('2026-11-20T12:00:00Z');

  function dataSource(manual: ManualClock) {
    const settings = {
      id: 1,
      uid: 'entra',
      type: 'auditlens-entraid-datasource',
      name: 'Entra',
      url: '/api/datasources/proxy/uid/entra',
      access: 'proxy',
      // One request per second: every request after the first waits in the queue.
      jsonData: {
        tenantId: 'contoso.onmicrosoft.com',
        clientId: 'app-1',
        requestBudget: { requests: 1, perSeconds: 1 },
      },
      secureJsonFields: { clientSecret: true },
      meta: {},
      readOnly: false,
    };
    return new DataSource(settings as never, { clock: manual, random: () => 0.5, documentHidden: () => hidden });
  }

  beforeEach(() => {
    fetched.length = 0;
    hidden = false;
  });

  it("sends an Explore query's page before the next page of a dashboard panel that asked first", async () => {
    const manual = clock();
    const ds = dataSource(manual);
    const panel = lastValueFrom(ds.query(request(CoreApp.Dashboard)));
    const explore = lastValueFrom(ds.query(request(CoreApp.Explore, { range: 'short' })));
    await runWithClock(manual, Promise.all([panel, explore]));
    expect(fetched).toEqual(['long-1', 'short-1', 'long-2']);
  });

  it('lets a dashboard variable go before a panel that asked first', async () => {
    const manual = clock();
    const ds = dataSource(manual);
    const panel = lastValueFrom(ds.query(request(CoreApp.Dashboard)));
    const variable = lastValueFrom(
      (ds.variables as AuditVariableSupport).query({
        ...request(CoreApp.Dashboard, { range: 'short' }),
        targets: [{ refId: 'variable-query', kind: 'initiators', filters: [] }],
      } as never)
    );
    await runWithClock(manual, Promise.all([panel, variable]));
    expect(fetched).toEqual(['long-1', 'short-1', 'long-2']);
  });

  it('re-reads the visibility for every page: Explore in a tab hidden after it started no longer goes first', async () => {
    const manual = clock();
    const ds = dataSource(manual);
    const panel = lastValueFrom(ds.query(request(CoreApp.Dashboard)));
    const explore = lastValueFrom(ds.query(request(CoreApp.Explore, { range: 'short' })));
    hidden = true;
    await runWithClock(manual, Promise.all([panel, explore]));
    expect(fetched).toEqual(['long-1', 'long-2', 'short-1']);
  });
});
