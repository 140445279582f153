import { performance } from 'node:perf_hooks';

import { startEmulator } from '../emulator';
import { accessToken, auditsUrl, getJson } from '../emulator/testing/client';
import { buildFramesInSlices } from '../src/core/frames/buildFramesInSlices';
import { CanonicalFrame } from '../src/core/frames/canonical';
import { QueryFormat, withQueryDefaults } from '../src/core/model/query';
import { CollectedEvents, EventCollector } from '../src/core/collect/collectEvents';

export interface FramingRow {
  events: number;
  pages: number;
  parseMs: number;
  /** Normalising and de-duplicating every page: the engine does it page by page during the walk. */
  normaliseMs: number;
  /** The slowest page's normalising (one synchronous task in the browser). */
  longestPageMs: number;
  /** Per format, events → frames: the work left after the last page arrives. */
  frameMs: Record<QueryFormat, number>;
  /** The slowest slice of rows the engine frames between two yields. */
  longestSliceMs: number;
  /** Heap held by the de-duplicated events once the pages are gone, in MB. */
  eventsMb: number;
  /** Heap peak over the walk-like pass (one page parsed and normalised at a time) and framing, in MB. */
  peakMb: number;
}

const FORMATS: QueryFormat[] = ['timeSeries', 'summary', 'events', 'logs'];
const NOW = '2026-11-20T12:00:00Z';
const MB = 1e6;

/** Fetches real pages from a frozen emulator (no throttle), then times parsing and framing them. */
export async function measureFraming(eventCounts: number[]): Promise<FramingRow[]> {
  const largest = Math.max(...eventCounts);
  const days = 5;
  const emulator = await startEmulator({
    now: NOW,
    eventsPerDay: Math.ceil((largest * 1.15) / days),
    throttle: false,
    httpsPort: false,
    seed: 5,
  });
  const pages: string[] = [];
  const to = Date.parse(NOW);
  const from = to - days * 86_400_000;
  try {
    const token = await accessToken({ baseUrl: emulator.httpUrl });
    let url: string | undefined = auditsUrl(emulator.httpUrl, {
      $filter: `activityDateTime ge ${new Date(from).toISOString()} and activityDateTime le ${NOW}`,
      $top: '1000',
    });
    while (url && pages.length * 1000 < largest) {
      const page = await getJson(url, token);
      pages.push(page.text);
      url = page.json['@odata.nextLink'];
    }
  } finally {
    // The emulator's tenant would otherwise sit in the heap being measured.
    await emulator.close();
  }
  const rows: FramingRow[] = [];
  for (const events of eventCounts) {
    rows.push(await measure(pages.slice(0, Math.ceil(events / 1000)), { from, to }));
  }
  return rows;
}

/** Run with `--expose-gc` (the npm scripts do) so heap figures are not left-over garbage. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function heapUsed(): number {
  return process.memoryUsage().heapUsed;
}

/** JSON.parse of every page, then normalising them page by page; the parsed pages are dropped on return. */
function timeParseAndNormalise(pageTexts: string[], range: { from: number; to: number }) {
  let started = performance.now();
  const parsed: unknown[][] = pageTexts.map((text) => JSON.parse(text).value as unknown[]);
  const parseMs = performance.now() - started;

  started = performance.now();
  let longestPageMs = 0;
  const timed = new EventCollector(range, 1_000_000);
  for (const items of parsed) {
    const pageStarted = performance.now();
    timed.add(items);
    longestPageMs = Math.max(longestPageMs, performance.now() - pageStarted);
  }
  timed.result(false);
  return { parseMs, normaliseMs: performance.now() - started, longestPageMs };
}

async function measure(pageTexts: string[], range: { from: number; to: number }): Promise<FramingRow> {
  const { parseMs, normaliseMs, longestPageMs } = timeParseAndNormalise(pageTexts, range);

  // Memory as the engine holds it: each page parsed, normalised and dropped before the next.
  collectGarbage();
  const base = heapUsed();
  let peak = base;
  const sample = () => {
    peak = Math.max(peak, heapUsed());
  };
  const collector = new EventCollector(range, 1_000_000);
  for (const text of pageTexts) {
    collector.add(JSON.parse(text).value as unknown[]);
    sample();
  }
  const collected = collector.result(false);
  collectGarbage();
  const eventsMb = (heapUsed() - base) / MB;

  const frameMs = {} as Record<QueryFormat, number>;
  let longestSliceMs = 0;
  const kept: CanonicalFrame[][] = [];
  for (const format of FORMATS) {
    const started = performance.now();
    let sliceStarted = started;
    // As in the browser: the engine yields between slices of rows; each slice is one task.
    const built = await buildFramesInSlices(frameInput(format, collected), async () => {
      sample();
      longestSliceMs = Math.max(longestSliceMs, performance.now() - sliceStarted);
      sliceStarted = performance.now();
    });
    longestSliceMs = Math.max(longestSliceMs, performance.now() - sliceStarted);
    frameMs[format] = performance.now() - started;
    // Every format's frames stay alive, as on a dashboard with one panel of each.
    kept.push(built.frames);
    sample();
  }
  return {
    events: collected.events.length,
    pages: pageTexts.length,
    parseMs,
    normaliseMs,
    longestPageMs,
    frameMs,
    longestSliceMs,
    eventsMb,
    peakMb: (peak - base) / MB,
  };
}

function frameInput(format: QueryFormat, collected: CollectedEvents) {
  return {
    query: withQueryDefaults({ refId: 'A', format }),
    events: collected.events,
    from: collected.coveredFrom,
    to: collected.coveredTo,
    truncated: false,
    intervalMs: 3_600_000,
  };
}
