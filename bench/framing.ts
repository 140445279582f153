import { performance } from 'node:perf_hooks';

import { startEmulator } from '../emulator';
import { accessToken, auditsUrl, getJson } from '../emulator/testing/client';
import { buildFramesInSlices } from '../src/core/frames/buildFramesInSlices';
import { QueryFormat, withQueryDefaults } from '../src/core/model/query';
import { EventCollector } from '../src/core/pages/collectEvents';

export interface FramingRow {
  events: number;
  pages: number;
  parseMs: number;
  /** Per format: normalise + de-duplicate + build frames, JSON.parse excluded. */
  frameMs: Record<QueryFormat, number>;
  /** The slowest synchronous step: one page's normalising, or one slice of rows as the browser frames them. */
  longestTaskMs: number;
  /** Heap held by the normalised events after framing, in MB. */
  heldMb: number;
}

const FORMATS: QueryFormat[] = ['timeSeries', 'summary', 'events', 'logs'];
const NOW = '2026-11-20T12:00:00Z';

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
  try {
    const token = await accessToken({ baseUrl: emulator.httpUrl });
    const to = Date.parse(NOW);
    const from = to - days * 86_400_000;
    const pages: string[] = [];
    let url: string | undefined = auditsUrl(emulator.httpUrl, {
      $filter: `activityDateTime ge ${new Date(from).toISOString()} and activityDateTime le ${NOW}`,
      $top: '1000',
    });
    while (url && pages.length * 1000 < largest) {
      const page = await getJson(url, token);
      pages.push(page.text);
      url = page.json['@odata.nextLink'];
    }
    const rows: FramingRow[] = [];
    for (const events of eventCounts) {
      rows.push(await measure(pages.slice(0, Math.ceil(events / 1000)), { from, to }));
    }
    return rows;
  } finally {
    await emulator.close();
  }
}

async function measure(pageTexts: string[], range: { from: number; to: number }): Promise<FramingRow> {
  let started = performance.now();
  const parsed = pageTexts.map((text) => JSON.parse(text).value as unknown[]);
  const parseMs = performance.now() - started;
  const frameMs = {} as Record<QueryFormat, number>;
  let longestTaskMs = 0;
  let heldMb = 0;
  for (const format of FORMATS) {
    const heapBefore = process.memoryUsage().heapUsed;
    started = performance.now();
    const collector = new EventCollector(range, 1_000_000);
    for (const items of parsed) {
      const pageStarted = performance.now();
      collector.add(items);
      longestTaskMs = Math.max(longestTaskMs, performance.now() - pageStarted);
    }
    let sliceStarted = performance.now();
    const collected = collector.result(false);
    // As in the browser: the engine yields between slices of rows; each slice is one task.
    await buildFramesInSlices(
      {
        query: withQueryDefaults({ refId: 'A', format }),
        events: collected.events,
        from: collected.coveredFrom,
        to: collected.coveredTo,
        truncated: false,
        intervalMs: 3_600_000,
      },
      async () => {
        longestTaskMs = Math.max(longestTaskMs, performance.now() - sliceStarted);
        sliceStarted = performance.now();
      }
    );
    longestTaskMs = Math.max(longestTaskMs, performance.now() - sliceStarted);
    frameMs[format] = performance.now() - started;
    heldMb = Math.max(heldMb, (process.memoryUsage().heapUsed - heapBefore) / 1e6);
  }
  return {
    events: parsed.reduce((n, items) => n + items.length, 0),
    pages: pageTexts.length,
    parseMs,
    frameMs,
    longestTaskMs,
    heldMb,
  };
}
