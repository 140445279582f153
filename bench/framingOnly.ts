/**
 * `npm run bench:framing [events...]` (not a test): sections (c) and (d) of `npm run bench` on
 * their own, for profiling the normaliser and frame builders without the dashboard runs.
 */
import { measureFraming } from './framing';
import { measurePanelMemory } from './memoryPerPanel';

async function main(): Promise<void> {
  const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const rows = await measureFraming(counts.length > 0 ? counts : [10_000, 100_000]);
  for (const row of rows) {
    const formats = Object.entries(row.frameMs)
      .map(([format, ms]) => `${format} ${ms.toFixed(0)}`)
      .join(', ');
    console.log(
      `${row.events} events, ${row.pages} pages: JSON.parse ${row.parseMs.toFixed(0)} ms; ` +
        `normalise ${row.normaliseMs.toFixed(0)} ms (longest page ${row.longestPageMs.toFixed(0)}); ` +
        `frames: ${formats} ms (longest slice ${row.longestSliceMs.toFixed(0)}); ` +
        `events ${row.eventsMb.toFixed(0)} MB, peak ${row.peakMb.toFixed(0)} MB`
    );
  }
  const largest = Math.max(...rows.map((r) => r.events));
  for (const row of await measurePanelMemory(largest)) {
    console.log(
      `${row.dashboard}: ${row.frames} frames, ${row.events} events kept, ${row.requests} requests, ${row.heldMb.toFixed(0)} MB held`
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
