import {
  CoreApp,
  DataFrame,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceInstanceSettings,
  LoadingState,
  ScopedVars,
  TestDataSourceResponse,
  toDataFrame,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import { map, merge, Observable, Subscriber } from 'rxjs';

import {
  coordinatedWalker,
  IncrementalWalks,
  macrotaskYield,
  QueryResult,
  runQuery,
  SharedWalks,
} from '../core/engine';
import { isAbortError } from '../core/errors/queryError';
import { describeQuery } from '../core/model/describeQuery';
import { AuditQuery, DEFAULT_QUERY, withQueryDefaults } from '../core/model/query';
import { resolveSettings, ResolvedSettings, runsOnServer } from '../core/model/settings';
import { PriorityOf } from '../core/coordinate/queryPriority';
import { RequestBudget } from '../core/coordinate/requestBudget';
import { Transport } from '../core/walk/transport';
import { Clock, realClock } from '../core/time/clock';
import { LinkContext, withEntraLinks } from '../components/entraLinks';
import { auditAnnotations } from './annotations';
import { backendSrvTransport } from './backendSrvTransport';
import { interpolateQuery } from './interpolateQuery';
import { browserDocumentHidden, priorityOf } from './queryPriority';
import { toProxyUrl } from './proxyRoutes';
import { testConnection } from './testConnection';
import { toGrafanaFrame } from './toDataFrame';
import type { AuditJsonData } from './jsonData';
import { AuditVariableSupport } from './variables';

export type { AuditJsonData } from './jsonData';

export interface DataSourceOptions {
  /** Tests inject a ManualClock; Grafana gets the real one. */
  clock?: Clock;
  /** Jitter source for retry backoff. */
  random?: () => number;
  /** Whether nobody can see this browser tab; tests inject it, Grafana reads `document.visibilityState`. */
  documentHidden?: () => boolean;
}

/**
 * The Grafana face of the engine. In browser mode it interpolates variables, maps the core's Graph
 * URLs onto the data-source proxy and streams the core's frames; in server mode every query,
 * variable and annotation goes to the Go backend through /api/ds/query (DataSourceWithBackend),
 * interpolated here first, and the backend's frames get the same links as the browser's.
 */
export class DataSource extends DataSourceWithBackend<AuditQuery, AuditJsonData> {
  readonly settings: ResolvedSettings;
  private readonly clock: Clock;
  private readonly random?: () => number;
  private readonly documentHidden: () => boolean;
  private readonly proxyBase?: string;
  /** Shared by every query of this data source in this browser: Microsoft's budget is per app and tenant. */
  private readonly budget: RequestBudget;
  /** Panels refreshed together ask the same first page; they share one walk. */
  private readonly walks: SharedWalks;
  /** Finished walks kept in this browser's memory only, so a refresh fetches just the new tail. */
  private readonly walkCache: IncrementalWalks;

  constructor(instanceSettings: DataSourceInstanceSettings<AuditJsonData>, options: DataSourceOptions = {}) {
    super(instanceSettings);
    this.settings = resolveSettings(instanceSettings.jsonData ?? {});
    this.proxyBase = instanceSettings.url;
    this.clock = options.clock ?? realClock;
    this.random = options.random;
    this.documentHidden = options.documentHidden ?? browserDocumentHidden;
    this.budget = new RequestBudget(
      this.settings.requestBudget.requests,
      this.settings.requestBudget.perSeconds * 1000
    );
    this.walks = new SharedWalks(this.clock);
    this.walkCache = new IncrementalWalks(this.clock);
    this.annotations = auditAnnotations;
    this.variables = new AuditVariableSupport(this);
  }

  /** Explore opens on the log view; an alert rule on one number per group, which is what it evaluates. */
  getDefaultQuery(app: CoreApp): Partial<AuditQuery> {
    if (app === CoreApp.Explore) {
      return { ...DEFAULT_QUERY, format: 'logs' };
    }
    if (app === CoreApp.UnifiedAlerting) {
      return { ...DEFAULT_QUERY, format: 'alertNumbers' };
    }
    return DEFAULT_QUERY;
  }

  getQueryDisplayText(query: AuditQuery): string {
    return describeQuery(withQueryDefaults(query));
  }

  filterQuery(query: AuditQuery): boolean {
    return !query.hide;
  }

  /** The Transport the engine uses: only this data source's route, through Grafana's proxy. */
  transport(requestIdPrefix: string): Transport {
    return backendSrvTransport((url) => toProxyUrl(url, this.settings, this.proxyBase), requestIdPrefix);
  }

  query(request: DataQueryRequest<AuditQuery>): Observable<DataQueryResponse> {
    const targets = request.targets.filter((target) => !target.hide);
    if (targets.length > 0 && runsOnServer(this.settings.queryMode)) {
      return this.queryBackend({ ...request, targets });
    }
    if (targets.length === 0) {
      return new Observable((subscriber) => {
        subscriber.next({ data: [], state: LoadingState.Done });
        subscriber.complete();
      });
    }
    const templateSrv = getTemplateSrv();
    // Explore and the panel editor before dashboards, dashboards before hidden tabs.
    const priority = priorityOf(request, this.documentHidden);
    return merge(
      ...targets.map((target) =>
        this.runTarget(interpolateQuery(withQueryDefaults(target), request.scopedVars, templateSrv), request, priority)
      )
    );
  }

  /** Server mode: Grafana posts the queries to the backend's QueryData; frames come back decoded. */
  private queryBackend(request: DataQueryRequest<AuditQuery>): Observable<DataQueryResponse> {
    const links: LinkContext = { settings: this.settings, datasourceUid: this.uid, datasourceName: this.name };
    return super.query(request).pipe(
      map((response) => ({
        ...response,
        data: response.data.map((frame: DataFrame) => withEntraLinks(frame, links)),
      }))
    );
  }

  /** What DataSourceWithBackend sends for each query (and Explore's interpolateVariablesInQueries): defaults and variables applied. */
  applyTemplateVariables(query: AuditQuery, scopedVars: ScopedVars): AuditQuery {
    return interpolateQuery(withQueryDefaults(query), scopedVars, getTemplateSrv());
  }

  private runTarget(
    query: AuditQuery,
    request: DataQueryRequest<AuditQuery>,
    priority: PriorityOf
  ): Observable<DataQueryResponse> {
    return new Observable<DataQueryResponse>((subscriber) => {
      const controller = new AbortController();
      const links: LinkContext = { settings: this.settings, datasourceUid: this.uid, datasourceName: this.name };
      const context = {
        settings: this.settings,
        range: { from: request.range.from.valueOf(), to: request.range.to.valueOf() },
        intervalMs: request.intervalMs,
        maxDataPoints: request.maxDataPoints ?? 1000,
      };
      runQuery(query, context, {
        walker: coordinatedWalker({
          transport: this.transport(`${request.requestId}_${query.refId}`),
          clock: this.clock,
          random: this.random,
          priority,
          budget: this.budget,
          sharedWalks: this.walks,
          walkCache: this.walkCache,
        }),
        clock: this.clock,
        signal: controller.signal,
        // Framing 100k events in one go would freeze the page for half a second.
        yieldToEventLoop: macrotaskYield,
        onProgress: (partial) => subscriber.next(toResponse(query.refId, partial, LoadingState.Streaming, links)),
      })
        .then((result) => {
          subscriber.next(
            toResponse(query.refId, result, result.error ? LoadingState.Error : LoadingState.Done, links)
          );
          subscriber.complete();
        })
        .catch((error: unknown) => endWithFailure(subscriber, query.refId, error, controller.signal));
      return () => controller.abort();
    });
  }

  /** Server mode asks the backend's CheckHealth only: it has no route to probe. */
  testDatasource(): Promise<TestDataSourceResponse> {
    return testConnection(this);
  }
}

function toResponse(refId: string, result: QueryResult, state: LoadingState, links: LinkContext): DataQueryResponse {
  const data: DataFrame[] = result.frames.map((frame) => withEntraLinks(toGrafanaFrame(frame), links));
  if (!result.error) {
    return { key: refId, data, state };
  }
  // The executed request still reaches the query inspector when the query fails.
  const empty = toDataFrame({
    name: refId,
    refId,
    meta: { executedQueryString: result.executedQueryString },
    fields: [],
  });
  return {
    key: refId,
    data: [empty],
    state,
    errors: [{ refId, message: result.error.message, status: result.error.status }],
  };
}

/** A query that threw: a cancelled one ends quietly or with Grafana's cancellation, anything else errors. */
function endWithFailure(
  subscriber: Subscriber<DataQueryResponse>,
  refId: string,
  error: unknown,
  signal: AbortSignal
): void {
  // A walk this panel cancelled rejects after the subscriber left: nothing to say.
  if (signal.aborted) {
    return;
  }
  if (!isAbortError(error)) {
    subscriber.error(error);
    return;
  }
  // Grafana itself cancelled a request (e.g. all in-flight requests on navigation).
  subscriber.next({
    key: refId,
    data: [],
    state: LoadingState.Error,
    errors: [{ refId, message: 'Grafana cancelled the request before the query finished. Refresh to run it again.' }],
  });
  subscriber.complete();
}
