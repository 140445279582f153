import {
  CoreApp,
  DataQuery,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  dateTime,
  LoadingState,
  rangeUtil,
  TimeRange,
} from '@grafana/data';
import { from, Observable } from 'rxjs';

let requestCounter = 100;

export function rangeBefore(now: number, hours: number): TimeRange {
  const to = dateTime(now);
  const fromTime = dateTime(now - hours * 3600_000);
  return { from: fromTime, to, raw: { from: `now-${hours}h`, to: 'now' } };
}

/** A panel's request as Grafana's query runner builds it: interval from the range and width. */
export function panelRequest<Q extends DataQuery>(
  targets: Q[],
  range: TimeRange,
  maxDataPoints: number,
  app: CoreApp = CoreApp.Dashboard
): DataQueryRequest<Q> {
  const { interval, intervalMs } = rangeUtil.calculateInterval(range, maxDataPoints);
  return {
    requestId: `Q${requestCounter++}`,
    app,
    interval,
    intervalMs,
    maxDataPoints,
    range,
    rangeRaw: range.raw,
    scopedVars: {},
    targets,
    timezone: 'utc',
    startTime: Date.now(),
  } as DataQueryRequest<Q>;
}

/**
 * Runs a request as runRequest does: every packet the data source streams, the latest per key
 * winning; a thrown error becomes an error response.
 */
export function runPanelQuery<Q extends DataQuery>(
  datasource: DataSourceApi<Q>,
  request: DataQueryRequest<Q>
): Observable<DataQueryResponse> {
  return new Observable((subscriber) => {
    const result = datasource.query(request);
    const stream = result instanceof Observable ? result : from(result);
    const subscription = stream.subscribe({
      next: (packet) => subscriber.next(packet),
      error: (error: unknown) => {
        subscriber.next({
          data: [],
          state: LoadingState.Error,
          errors: [{ message: error instanceof Error ? error.message : String(error) }],
        });
        subscriber.complete();
      },
      complete: () => subscriber.complete(),
    });
    return () => subscription.unsubscribe();
  });
}
