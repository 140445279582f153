/**
 * `npm run bench:longtasks` (not a test): the longest main-thread task while the engine walks and
 * frames ~100k events in Debian's Chromium (`CHROMIUM_PATH` overrides /usr/bin/chromium), once
 * framing in one pass and once in slices with the macrotask yield the DataSource passes. Pages come
 * from the tenant emulator (no throttle, no latency) through a small server that adds the token.
 * Options: --events N (default 100000), --formats events,logs,timeSeries,summary.
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

import { build } from 'esbuild';
import { chromium } from 'playwright-core';

import { startEmulator } from '../emulator';
import { accessToken } from '../emulator/testing/client';
import { emulatorSettings } from '../integration/harness';
import { QueryFormat } from '../src/core/model/query';
import type { LongTaskConfig, LongTaskRun } from './browser/longTaskPage';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const EVENTS = Number(option('--events', '100000'));
const FORMATS = option('--formats', 'events,logs,timeSeries,summary').split(',') as QueryFormat[];
const NOW = '2026-11-20T12:00:00Z';
const DAYS = 5;

async function main(): Promise<void> {
  const emulator = await startEmulator({
    now: NOW,
    eventsPerDay: Math.ceil(EVENTS / DAYS),
    throttle: false,
    httpsPort: false,
    seed: 5,
  });
  const bundle = await build({
    entryPoints: ['bench/browser/longTaskPage.ts'],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    logLevel: 'warning',
  });
  const token = await accessToken({ baseUrl: emulator.httpUrl });
  const server = createServer((request, response) => {
    serve(request, response, bundle.outputFiles[0].text, token).catch((error) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(origin);
    const to = Date.parse(NOW);
    const config: LongTaskConfig = {
      jsonData: { ...emulatorSettings(emulator), maxEvents: 1_000_000 },
      range: { from: to - DAYS * 86_400_000, to },
      formats: FORMATS,
    };
    const runs = await page.evaluate((c) => window.runLongTaskBench(c), config);
    print(runs, await browser.version());
  } finally {
    await browser.close();
    server.close();
    await emulator.close();
  }
}

async function serve(request: IncomingMessage, response: ServerResponse, script: string, token: string) {
  const url = new URL(request.url ?? '/', 'http://bench');
  if (url.pathname === '/') {
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script src="/page.js"></script>');
  } else if (url.pathname === '/page.js') {
    response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
  } else if (url.pathname === '/graph') {
    const upstream = await fetch(url.searchParams.get('url')!, { headers: { authorization: `Bearer ${token}` } });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const retryAfter = upstream.headers.get('retry-after');
    if (retryAfter) {
      headers['retry-after'] = retryAfter;
    }
    response.writeHead(upstream.status, headers).end(await upstream.text());
  } else {
    response.writeHead(404).end();
  }
}

function print(runs: LongTaskRun[], version: string): void {
  console.log(`Chromium ${version}: longest main-thread task while walking and framing (ms)`);
  console.log('    format      framing    events   wall ms  long tasks  longest  longest after last page');
  for (const run of runs) {
    console.log(
      `    ${run.format.padEnd(11)} ${(run.sliced ? 'sliced' : 'one pass').padEnd(9)} ${String(run.events).padStart(7)} ` +
        `${run.wallMs.toFixed(0).padStart(9)} ${String(run.longTasks).padStart(11)} ${run.longestTaskMs.toFixed(0).padStart(8)} ` +
        `${run.longestAfterLastPageMs.toFixed(0).padStart(24)}   top: ${run.top.map((t) => `${t.ms}@p${t.pagesFetched}`).join(' ')}`
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
