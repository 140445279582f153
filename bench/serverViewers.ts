import { RunningEmulator } from '../emulator';
import { AuditQuery } from '../src/core/model/query';
import { DASHBOARD_DAYS, DASHBOARD_PANELS } from './dashboard';
import { DATASOURCE_UID, DsQueryStandin } from './dsQueryStandin';
import { PanelEnd } from './viewers';

/** What Grafana's frontend adds to a panel's query at 1,000 points over 7 days (rangeUtil.calculateInterval). */
const MAX_DATA_POINTS = 1000;
const INTERVAL_MS = 10 * 60_000;

/**
 * Server mode: each viewer's browser posts every panel's query to /api/ds/query at once, one
 * request per panel as Grafana's panels do, over the range now-7d..now at the viewer's own now.
 */
export function openThroughDsQuery(
  standin: DsQueryStandin,
  emulator: RunningEmulator,
  viewers: number
): Promise<PanelEnd[][]> {
  const views = Array.from({ length: viewers }, () => {
    const to = emulator.now();
    const from = to - DASHBOARD_DAYS * 86_400_000;
    return Promise.all(DASHBOARD_PANELS.map((panel) => postPanel(standin, emulator, panel, from, to, false)));
  });
  return Promise.all(views);
}

/**
 * An alert rule's evaluation: its query over `minutes` before now, marked as Grafana's alerting
 * marks it (the FromAlert header), so the backend refuses an under-count.
 */
export function evaluateRule(
  standin: DsQueryStandin,
  emulator: RunningEmulator,
  rule: AuditQuery,
  minutes: number
): Promise<PanelEnd> {
  const to = emulator.now();
  return postPanel(standin, emulator, rule, to - minutes * 60_000, to, true);
}

async function postPanel(
  standin: DsQueryStandin,
  emulator: RunningEmulator,
  query: AuditQuery,
  from: number,
  to: number,
  fromAlert: boolean
): Promise<PanelEnd> {
  const body = {
    from: String(from),
    to: String(to),
    queries: [
      { ...query, datasource: { uid: DATASOURCE_UID }, intervalMs: INTERVAL_MS, maxDataPoints: MAX_DATA_POINTS },
    ],
  };
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (fromAlert) {
    headers.FromAlert = 'true';
  }
  try {
    const response = await fetch(`${standin.url}/api/ds/query`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as {
      message?: string;
      results?: Record<string, { error?: string }>;
    };
    const error = answer.results?.[query.refId]?.error ?? answer.message;
    return end(emulator, !response.ok || error !== undefined, error ?? `HTTP ${response.status}`);
  } catch (error) {
    return end(emulator, true, error instanceof Error ? error.message : String(error));
  }
}

function end(emulator: RunningEmulator, failed: boolean, error: string): PanelEnd {
  return { failed, atMs: emulator.now(), realMs: performance.now(), error: failed ? error : undefined };
}
