import { getBackendSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';

/** The Go backend's CheckHealth answer as Grafana's health endpoint relays it. */
export interface BackendHealth {
  status: 'OK' | 'ERROR';
  message: string;
  /** From the backend's JSONDetails: the step that failed and Entra's or Graph's exact code. */
  step?: string;
  code?: string;
}

/**
 * Asks the plugin backend's CheckHealth through `/api/datasources/uid/<uid>/health`, as
 * DataSourceWithBackend.testDatasource does. Undefined when no backend answered (not installed,
 * not started, or an older Grafana), so Save & test can fall back to the route probe.
 */
export async function fetchBackendHealth(uid: string): Promise<BackendHealth | undefined> {
  try {
    const response = await lastValueFrom(
      getBackendSrv().fetch<unknown>({
        url: `/api/datasources/uid/${encodeURIComponent(uid)}/health`,
        method: 'GET',
        showErrorAlert: false,
        showSuccessAlert: false,
      })
    );
    return toBackendHealth(response.data);
  } catch (error) {
    // Grafana answers a failed CheckHealth with 400 and the result in the body.
    return isFetchError(error) && error.status === 400 ? toBackendHealth(error.data) : undefined;
  }
}

export function toBackendHealth(body: unknown): BackendHealth | undefined {
  if (!body || typeof body !== 'object') {
    return undefined;
  }
  const { status, message, details } = body as { status?: unknown; message?: unknown; details?: unknown };
  if ((status !== 'OK' && status !== 'ERROR') || typeof message !== 'string') {
    return undefined;
  }
  const detail = (details && typeof details === 'object' ? details : {}) as { step?: unknown; code?: unknown };
  return {
    status,
    message,
    step: typeof detail.step === 'string' && detail.step ? detail.step : undefined,
    code: typeof detail.code === 'string' && detail.code ? detail.code : undefined,
  };
}
