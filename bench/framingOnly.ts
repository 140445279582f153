/**
 * `npx tsx bench/framingOnly.ts [events...]` (not a test): section (c) of `npm run bench` on its
 * own, for profiling the normaliser and frame builders without the dashboard runs.
 */
import { measureFraming } from './framing';

async function main(): Promise<void> {
  const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const rows = await measureFraming(counts.length > 0 ? counts : [100_000]);
  for (const row of rows) {
    const formats = Object.entries(row.frameMs)
      .map(([format, ms]) => `${format} ${ms.toFixed(0)}`)
      .join(', ');
    console.log(
      `${row.events} events, ${row.pages} pages: JSON.parse ${row.parseMs.toFixed(0)} ms; ${formats} ms; ` +
        `longest task ${row.longestTaskMs.toFixed(0)} ms; held ${row.heldMb.toFixed(0)} MB`
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
