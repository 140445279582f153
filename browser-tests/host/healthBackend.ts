import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Grafana's answer to `/api/datasources/uid/<uid>/health`: 200 when healthy, 400 with the result otherwise. */
export interface HealthAnswer {
  status: number;
  body: unknown;
}

export interface BackendHealth {
  check(jsonData: object, secureJsonData: Record<string, string | undefined>): Promise<HealthAnswer>;
  close(): Promise<void>;
}

/**
 * Starts browser-tests/healthserver (a Go program running pkg/plugin's CheckHealth) and relays
 * the health endpoint to it. The binary is built by run.sh; `binary` is its path.
 */
export async function startBackendHealth(binary: string): Promise<BackendHealth> {
  const child = spawn(binary, ['-listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  const url = await firstLine(child, stderr);
  return {
    async check(jsonData, secureJsonData) {
      const response = await fetch(`${url}/check`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonData, secureJsonData }),
      });
      const text = await response.text();
      if (response.status !== 200 && response.status !== 400) {
        throw new Error(`the health server answered ${response.status}: ${text}`);
      }
      return { status: response.status, body: JSON.parse(text) as unknown };
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function firstLine(child: ChildProcess, stderr: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match) {
        resolve(match[1]);
      } else {
        reject(new Error(`the health server printed "${line}" instead of its address`));
      }
    });
    child.once('exit', (code) => reject(new Error(`the health server exited with ${code}: ${stderr.join('')}`)));
    child.once('error', reject);
  });
}
