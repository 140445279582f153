import { startEmulator } from '../emulator';
import { accessToken } from '../emulator/testing/client';
import { emulatorSettings } from '../integration/harness';
import { IncrementalWalks } from '../src/core/coordinate/incrementalWalks';
import { coordinatedWalker, QueryContext, runQuery } from '../src/core/engine';
import { AuditQuery, GroupBy, QueryFormat } from '../src/core/model/query';
import { resolveSettings } from '../src/core/model/settings';
import { SharedWalks } from '../src/core/coordinate/sharedWalks';
import { Transport } from '../src/core/walk/transport';
import { realClock } from '../src/core/time/clock';

export interface PanelMemoryRow {
  dashboard: string;
  panels: number;
  frames: number;
  events: number;
  requests: number;
  /** Heap held by one data source instance and its panels' results, after garbage collection, in MB. */
  heldMb: number;
}

const GROUPS: GroupBy[] = ['activity', 'category', 'service', 'result', 'initiatedBy', 'operationType'];
const NOW = '2026-11-20T12:00:00Z';
const DAY = 86_400_000;
const MB = 1e6;

/** `count` panels cycling through `formats`, each with its own group-by, all sharing one walk. */
function panels(count: number, formats: QueryFormat[]): AuditQuery[] {
  return Array.from({ length: count }, (_, i) => ({
    refId: `P${i}`,
    format: formats[i % formats.length],
    groupBy: GROUPS[i % GROUPS.length],
    filters: [],
  }));
}

const COUNTING = panels(6, ['timeSeries', 'summary']);
const TABLE = panels(1, ['events']);
const LOGS = panels(1, ['logs']);

/** Each dashboard adds to the one before, so the rows show what one more panel of a kind costs. */
const DASHBOARDS: Array<{ dashboard: string; queries: AuditQuery[] }> = [
  { dashboard: '1 time series', queries: panels(1, ['timeSeries']) },
  { dashboard: '6 time series and summaries', queries: COUNTING },
  { dashboard: 'the 6 + 1 events table', queries: [...COUNTING, ...TABLE] },
  { dashboard: 'the 6 + 1 table + 1 logs', queries: [...COUNTING, ...TABLE, ...LOGS] },
  { dashboard: '12 mixed (3 tables, 3 logs)', queries: panels(12, ['timeSeries', 'summary', 'events', 'logs']) },
];

/** Lets the engine's pending timers (progress reports, paced waits) fire and release what they hold, then collects. */
async function settleAndCollectGarbage(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Memory grows with the events kept, not with the panels: one data source instance (its shared
 * walks and cache, as in the browser) runs each dashboard over `events` events, and the heap it
 * holds with every panel's result alive is measured after garbage collection. Panels share the
 * events; a table or logs panel adds only its own columns (references to the shared strings).
 */
export async function measurePanelMemory(events: number): Promise<PanelMemoryRow[]> {
  const days = 5;
  const emulator = await startEmulator({
    now: NOW,
    eventsPerDay: Math.ceil(events / days),
    throttle: false,
    httpsPort: false,
    seed: 11,
  });
  try {
    const token = await accessToken({ baseUrl: emulator.httpUrl });
    const counted = { requests: 0 };
    const transport: Transport = async ({ url, signal }) => {
      counted.requests++;
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal });
      return { status: response.status, headers: {}, bodyText: await response.text() };
    };
    const settings = resolveSettings({ ...emulatorSettings(emulator), maxEvents: events * 2 });
    const to = Date.parse(NOW);
    const context: QueryContext = {
      settings,
      range: { from: to - days * DAY, to },
      intervalMs: 3_600_000,
      maxDataPoints: 1000,
    };
    const run = (queries: AuditQuery[]) => runDashboard(queries, context, transport);
    // The in-process emulator builds its tenant's days on first use; that must not count as the plugin's.
    await run(DASHBOARDS[0].queries);
    const rows: PanelMemoryRow[] = [];
    for (const { dashboard, queries } of DASHBOARDS) {
      counted.requests = 0;
      const { heldMb, events: kept, frames } = await run(queries);
      rows.push({ dashboard, panels: queries.length, frames, events: kept, requests: counted.requests, heldMb });
    }
    return rows;
  } finally {
    await emulator.close();
  }
}

/** One data source instance runs the panels; the heap it holds is read while their results are alive. */
async function runDashboard(
  queries: AuditQuery[],
  context: QueryContext,
  transport: Transport
): Promise<{ heldMb: number; events: number; frames: number }> {
  await settleAndCollectGarbage();
  const base = process.memoryUsage().heapUsed;
  const instance = { sharedWalks: new SharedWalks(realClock), walkCache: new IncrementalWalks(realClock) };
  const results = await Promise.all(
    queries.map((query) =>
      runQuery(query, context, {
        walker: coordinatedWalker({ transport, clock: realClock, ...instance }),
        clock: realClock,
      })
    )
  );
  const failed = results.find((r) => r.error);
  if (failed) {
    throw new Error(`a panel failed: ${failed.error!.message}`);
  }
  await settleAndCollectGarbage();
  const heldMb = (process.memoryUsage().heapUsed - base) / MB;
  // Counted after the heap is read, which keeps every result alive until then.
  const frames = results.reduce((n, result) => n + result.frames.length, 0);
  return { heldMb, events: instance.walkCache.heldEvents, frames };
}
