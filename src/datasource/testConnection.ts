import { TestDataSourceResponse } from '@grafana/data';

import { QueryError } from '../core/errors/queryError';
import { ResolvedSettings, runsOnServer } from '../core/model/settings';
import { validateSettings } from '../core/model/validateSettings';
import { auditEndpoint, LEGACY_API_VERSION } from '../core/plan/planRequest';
import { Transport } from '../core/walk/transport';
import { BackendHealth, fetchBackendHealth } from './testConnectionHealth';
import { explainProbeAnswer } from './testConnectionMessages';

export interface ConnectionTarget {
  settings: ResolvedSettings;
  /** Set for a saved data source; the backend's health check is looked up by it. */
  uid?: string;
  transport(requestIdPrefix: string): Transport;
}

export interface ConnectionTestDeps {
  /** Defaults to Grafana's health endpoint; tests pass their own. */
  backendHealth?: (uid: string) => Promise<BackendHealth | undefined>;
}

/**
 * Save & test. The Go backend's CheckHealth sees Entra's and Graph's exact codes, so it answers
 * when it runs; otherwise one `$top=1` request (legacy: the first batch) through the route proves the token exchange, the
 * permissions and the endpoint together. Never a request to the token endpoint itself.
 */
export async function testConnection(
  target: ConnectionTarget,
  deps: ConnectionTestDeps = {}
): Promise<TestDataSourceResponse> {
  const invalid = validateSettings(target.settings);
  if (invalid) {
    return { status: 'error', message: invalid.message };
  }
  if (target.uid) {
    const health = await (deps.backendHealth ?? fetchBackendHealth)(target.uid);
    if (health) {
      return fromBackendHealth(health);
    }
  }
  if (runsOnServer(target.settings.queryMode)) {
    // No route carries this data source's credentials in server mode: only the backend can test them.
    return {
      status: 'error',
      message: target.uid
        ? "The plugin's backend did not answer Save & test. Server mode needs it: check that the plugin's backend is installed and running (Grafana's server log names it), then test again."
        : 'Save the data source first: in server mode, Save & test asks the plugin backend, which reads the saved settings.',
    };
  }
  return probeRoute(target);
}

async function probeRoute(target: ConnectionTarget): Promise<TestDataSourceResponse> {
  // The legacy API has no cheap probe: it warns that $top is expensive, so it serves its first batch.
  const probeQuery = target.settings.api === 'legacy' ? `api-version=${LEGACY_API_VERSION}` : '$top=1';
  const url = `${auditEndpoint(target.settings)}?${probeQuery}`;
  try {
    const answer = await target.transport('auditlens-test')({ url });
    return explainProbeAnswer(answer, target.settings);
  } catch (error) {
    if (error instanceof QueryError) {
      // Refused before any request, e.g. a data source without server (proxy) access.
      return { status: 'error', message: error.message };
    }
    return {
      status: 'error',
      message: 'The test request did not reach Grafana: no answer came back.',
      details: {
        message: 'Check that the Grafana server is up and that your browser can reach it, then test again.',
      },
    };
  }
}

function fromBackendHealth(health: BackendHealth): TestDataSourceResponse {
  if (health.status === 'OK') {
    return { status: 'success', message: health.message };
  }
  const where = [health.step && `step: ${health.step}`, health.code && `code: ${health.code}`]
    .filter(Boolean)
    .join(', ');
  return { status: 'error', message: health.message, details: where ? { message: `Failed at ${where}.` } : undefined };
}
