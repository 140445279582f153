import { DataQueryRequest, DataQueryResponse, dateTime, LoadingState } from '@grafana/data';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { RunningEmulator } from '../emulator';
import { AuditQuery } from '../src/core/model/query';
import { HeadlessRig } from '../tools/query-runner/runHeadless';
import { WalkerReport } from './pageIteratorWalker';

export interface PhaseCount {
  requests: number;
  throttled: number;
  /** Emulated seconds from the first panel asking to the last panel done. */
  wallSeconds: number;
  errors: string[];
}

/** Graph report requests the emulator served since `sinceMs` (emulated), 429s among them. */
export function countRequests(emulator: RunningEmulator, sinceMs: number): { requests: number; throttled: number } {
  const served = emulator.requestLog().filter((r) => r.api === 'graph' && r.atMs >= sinceMs);
  return { requests: served.length, throttled: served.filter((r) => r.status === 429).length };
}

/** The dashboard's request for the range `now-7d` to `now` as Grafana would send it at the emulator's now. */
export function dashboardRequest(
  rig: HeadlessRig,
  emulator: RunningEmulator,
  days: number,
  requestId: string
): DataQueryRequest<AuditQuery> {
  const to = dateTime(emulator.now());
  const from = dateTime(emulator.now() - days * 86_400_000);
  const raw = { from: `now-${days}d`, to: 'now' };
  return { ...rig.request, requestId, range: { from, to, raw }, rangeRaw: raw };
}

/** Runs every panel of the request through the real DataSource until each is Done (or failed). */
export function runDashboard(
  rig: HeadlessRig,
  request: DataQueryRequest<AuditQuery>
): Promise<Map<string, DataQueryResponse>> {
  return new Promise((resolve, reject) => {
    const latest = new Map<string, DataQueryResponse>();
    rig.datasource.query(request).subscribe({
      next: (packet) => {
        if (packet.state !== LoadingState.Streaming) {
          latest.set(packet.key ?? '?', packet);
        }
      },
      error: reject,
      complete: () => resolve(latest),
    });
  });
}

/** The PageIterator baseline in its own process: one walk per panel filter, all at once or one by one. */
export function runPageIteratorWalkers(
  emulator: RunningEmulator,
  filters: string[],
  sequential = false
): Promise<WalkerReport> {
  const tsx = join(__dirname, '..', 'node_modules', '.bin', 'tsx');
  const input = {
    httpsUrl: emulator.httpsUrl,
    tenantId: emulator.tenantId,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    filters,
    sequential,
  };
  const child = spawn(tsx, [join(__dirname, 'pageIteratorWalker.ts'), JSON.stringify(input)], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: emulator.caCertPath },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    let started = false;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (!started && buffer.includes('ready\n')) {
        started = true;
        child.stdin.write('go\n');
      }
    });
    child.on('exit', () => {
      try {
        resolve(JSON.parse(buffer.trim().split('\n').at(-1)!));
      } catch {
        reject(new Error(`the PageIterator walker printed: ${buffer}`));
      }
    });
  });
}
