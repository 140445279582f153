/**
 * Emulator benchmark (not a test): server memory while serving a million events, and server CPU
 * per 1000-event page. The emulator runs as its own process so its CPU and RSS are read from
 * /proc without the client's share. Run: npx tsx bench/emulator-bench.ts [--events 1000000]
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const NOW = '2026-11-20T12:00:00Z';
const DAYS = 30;
const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
const targetEvents = option('--events', 1_000_000);
/** A V8 heap cap for the server: the walk finishing under it shows memory does not grow with volume. */
const heapMb = option('--heap-mb', 0);

interface Info {
  httpUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

function startServer(eventsPerDay: number): Promise<{ child: ChildProcess; info: Info }> {
  const root = join(__dirname, '..');
  const child = spawn(
    process.execPath,
    [
      ...(heapMb > 0 ? [`--max-old-space-size=${heapMb}`] : []),
      '--import',
      'tsx',
      join(root, 'emulator', 'cli.ts'),
      '--port',
      '0',
      '--https-port',
      'off',
      '--json',
      '--throttle',
      'off',
      '--latency-ms',
      '0',
      '--inspection',
      '--now',
      NOW,
      '--events-per-day',
      String(eventsPerDay),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] }
  );
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.includes('\n')) {
        resolve({ child, info: JSON.parse(buffer.split('\n')[0]) });
      }
    });
    child.on('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
}

/** utime + stime of a process in milliseconds. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticksPerSecond = 100;
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)![1]);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

type ServerInfo = Awaited<ReturnType<typeof startServer>>['info'];

async function fetchToken(info: ServerInfo): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: info.clientId,
    client_secret: info.clientSecret,
    scope: `${info.httpUrl}/.default`,
  });
  const response = await fetch(`${info.httpUrl}/${info.tenantId}/oauth2/v2.0/token`, { method: 'POST', body: form });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Follows the nextLinks of the whole range, as a client would, counting events, pages and bytes. */
async function walkEverything(httpUrl: string, from: string, token: string) {
  const filter = encodeURIComponent(`activityDateTime ge ${from} and activityDateTime le ${NOW}`);
  let url: string | undefined = `${httpUrl}/v1.0/auditLogs/directoryAudits?$filter=${filter}&$top=1000`;
  let events = 0;
  let pages = 0;
  let bytes = 0;
  while (url) {
    const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    const text = await response.text();
    if (response.status !== 200) {
      throw new Error(`page ${pages + 1}: ${response.status} ${text.slice(0, 200)}`);
    }
    bytes += text.length;
    const body = JSON.parse(text) as { value: unknown[]; '@odata.nextLink'?: string };
    events += body.value.length;
    pages++;
    url = body['@odata.nextLink'];
  }
  return { events, pages, bytes };
}

async function main(): Promise<void> {
  const eventsPerDay = Math.round(targetEvents / DAYS);
  const { child, info } = await startServer(eventsPerDay);
  const pid = child.pid!;
  try {
    const from = new Date(Date.parse(NOW) - DAYS * 86_400_000).toISOString().replace('.000', '');
    const token = await fetchToken(info);
    const idle = memoryMb(pid);

    const truthStart = Date.now();
    const truthCpu = cpuMs(pid);
    const truth = (await (
      await fetch(`${info.httpUrl}/_emulator/counts?from=${from}&to=${NOW}&groupBy=activityDisplayName`)
    ).json()) as { total: number };
    const truthWall = Date.now() - truthStart;
    const truthCpuMs = cpuMs(pid) - truthCpu;

    const walkCpu = cpuMs(pid);
    const walkStart = Date.now();
    const { events, pages, bytes } = await walkEverything(info.httpUrl, from, token);
    const walkWall = Date.now() - walkStart;
    const walkCpuMs = cpuMs(pid) - walkCpu;
    const after = memoryMb(pid);

    const report = {
      events,
      groundTruth: truth.total,
      exact: events === truth.total,
      pages,
      eventsPerDay,
      serverHeapCapMb: heapMb || 'none',
      serverCpuMsPerPage: +(walkCpuMs / pages).toFixed(1),
      serverCpuMsPerThousandEvents: +((walkCpuMs / events) * 1000).toFixed(1),
      pageBytesAvg: Math.round(bytes / pages),
      walkWallSeconds: +(walkWall / 1000).toFixed(1),
      groundTruthCpuSeconds: +(truthCpuMs / 1000).toFixed(2),
      groundTruthWallSeconds: +(truthWall / 1000).toFixed(2),
      serverRssMb: { idle: +idle.rss.toFixed(0), afterWalk: +after.rss.toFixed(0), peak: +after.peak.toFixed(0) },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((error: Error) => {
  process.stderr.write(`emulator-bench: ${error.message}\n`);
  process.exit(1);
});
