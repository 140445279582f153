/**
 * The page side of bench/browserLongTasks.ts: runs the real engine (normalise, de-duplicate,
 * frames) in Chromium over a real walk, recording every main-thread task over 50 ms.
 */
import { macrotaskYield, plainWalker, runQuery } from '../../src/core/engine';
import { QueryFormat } from '../../src/core/model/query';
import { AuditSettings, resolveSettings } from '../../src/core/model/settings';
import { Transport } from '../../src/core/walk/transport';
import { realClock } from '../../src/core/time/clock';

export interface LongTaskRun {
  format: QueryFormat;
  sliced: boolean;
  events: number;
  wallMs: number;
  longTasks: number;
  longestTaskMs: number;
  /** Long tasks once the last page had arrived: framing the whole result. */
  longestAfterLastPageMs: number;
  /** The five longest tasks, with the pages fetched when each started. */
  top: Array<{ ms: number; pagesFetched: number }>;
}

export interface LongTaskConfig {
  jsonData: AuditSettings;
  range: { from: number; to: number };
  formats: QueryFormat[];
}

/** Every Graph URL goes through the bench server, which adds the token (as Grafana's proxy does). */
const transport: Transport = async ({ url, signal }) => {
  const response = await fetch(`/graph?url=${encodeURIComponent(url)}`, { signal });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  return { status: response.status, headers, bodyText: await response.text() };
};

async function runOnce(config: LongTaskConfig, format: QueryFormat, sliced: boolean): Promise<LongTaskRun> {
  const tasks: Array<{ start: number; duration: number }> = [];
  const observer = new PerformanceObserver((list) =>
    list.getEntries().forEach((entry) => tasks.push({ start: entry.startTime, duration: entry.duration }))
  );
  observer.observe({ type: 'longtask' });
  let lastPageAt = 0;
  const pageTimes: number[] = [];
  const timedTransport: Transport = async (request) => {
    const response = await transport(request);
    lastPageAt = performance.now();
    pageTimes.push(lastPageAt);
    return response;
  };
  const started = performance.now();
  const result = await runQuery(
    { refId: 'A', format, groupBy: 'activity', filters: [] },
    { settings: resolveSettings(config.jsonData), range: config.range, intervalMs: 3_600_000, maxDataPoints: 1000 },
    {
      walker: plainWalker({ transport: timedTransport, clock: realClock }),
      clock: realClock,
      yieldToEventLoop: sliced ? macrotaskYield : undefined,
      // As the DataSource does: partial results stream while pages arrive.
      onProgress: () => undefined,
    }
  );
  const wallMs = performance.now() - started;
  // Long-task entries are delivered after the task ends; give the observer a turn.
  await new Promise((resolve) => setTimeout(resolve, 200));
  observer.disconnect();
  if (result.error) {
    throw new Error(result.error.message);
  }
  const after = tasks.filter((t) => t.start + t.duration > lastPageAt);
  return {
    format,
    sliced,
    events: format === 'events' || format === 'logs' ? result.frames[0].fields[0].values.length : -1,
    wallMs,
    longTasks: tasks.length,
    longestTaskMs: Math.max(0, ...tasks.map((t) => t.duration)),
    longestAfterLastPageMs: Math.max(0, ...after.map((t) => t.duration)),
    top: [...tasks]
      .sort((a, b) => b.duration - a.duration)
      .slice(0, 5)
      .map((t) => ({ ms: Math.round(t.duration), pagesFetched: pageTimes.filter((p) => p <= t.start).length })),
  };
}

async function runBench(config: LongTaskConfig): Promise<LongTaskRun[]> {
  const runs: LongTaskRun[] = [];
  for (const format of config.formats) {
    for (const sliced of [false, true]) {
      runs.push(await runOnce(config, format, sliced));
    }
  }
  return runs;
}

declare global {
  interface Window {
    runLongTaskBench: typeof runBench;
  }
}

window.runLongTaskBench = runBench;
