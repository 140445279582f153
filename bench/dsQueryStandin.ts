import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { RunningEmulator } from '../emulator';
import { emulatorSettings } from '../integration/harness';
import { AuditJsonData } from '../src/datasource/DataSource';

const ROOT = join(__dirname, '..');
export const DATASOURCE_UID = 'entra-bench';

/** A running `pkg/cmd/dsquery-standin`: Grafana's /api/ds/query over the plugin's real backend. */
export interface DsQueryStandin {
  url: string;
  /** CPU seconds (user + system) the plugin process has used, from /proc; undefined off Linux. */
  cpuSeconds(): number | undefined;
  close(): Promise<void>;
}

/** Builds the stand-in once per benchmark run (go build, into a temporary directory). */
export function buildDsQueryStandin(): { binary: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'dsquery-standin-'));
  const binary = join(dir, 'dsquery-standin');
  execFileSync('go', ['build', '-o', binary, './pkg/cmd/dsquery-standin'], { cwd: ROOT, stdio: 'inherit' });
  return { binary, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts the stand-in with one data source on the emulator, in the mode `jsonData` names, its
 * secret where that mode keeps it, on the emulator's clock. `env` reaches the plugin process as
 * Grafana's environment would (server-level settings).
 */
export async function startDsQueryStandin(
  binary: string,
  emulator: RunningEmulator,
  jsonData: Partial<AuditJsonData>,
  secureJsonData: Record<string, string>,
  env: Record<string, string> = {}
): Promise<DsQueryStandin> {
  const dir = mkdtempSync(join(tmpdir(), 'dsquery-settings-'));
  const settingsPath = join(dir, 'datasources.json');
  const datasource = {
    orgId: 1,
    uid: DATASOURCE_UID,
    name: 'Entra ID audit logs (bench)',
    jsonData: { ...emulatorSettings(emulator), ...jsonData },
    secureJsonData,
  };
  writeFileSync(settingsPath, JSON.stringify({ datasources: [datasource] }), { mode: 0o600 });
  const child = spawn(binary, ['--settings', settingsPath, '--emulator-clock', emulator.httpUrl], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const url = await firstLine(child);
  return {
    url,
    cpuSeconds: () => processCpuSeconds(child.pid),
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    child.once('exit', (code) => reject(new Error(`dsquery-standin exited (${code}) before listening`)));
    lines.once('line', (line) => {
      const match = /^listening on (http:\/\/\S+)$/.exec(line);
      if (match) {
        resolve(match[1]);
      } else {
        reject(new Error(`dsquery-standin printed ${line}`));
      }
    });
  });
}

/** Linux's clock ticks per second for /proc/<pid>/stat (USER_HZ, 100 on every mainstream kernel). */
const CLOCK_TICKS = 100;

function processCpuSeconds(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name (in parentheses, which may hold spaces): utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
