import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Runs a Graph SDK script (graphSdkWalk.ts, bench/pageIteratorWalker.ts) in its own process, which
 * trusts the emulator's CA: the script prints `ready` once warmed up, waits for a line on stdin,
 * then prints its result as one JSON line. `beforeGo` runs between the two, so a caller can set
 * the stage (faults, a spent budget) without the script's start-up counting.
 */
export function runSdkProcess<T>(
  script: string,
  input: object,
  caCertPath: string | undefined,
  beforeGo: () => Promise<void> = async () => undefined
): Promise<T> {
  const tsx = join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [script, JSON.stringify(input)], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caCertPath },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    let started = false;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (!started && buffer.includes('ready\n')) {
        started = true;
        beforeGo().then(() => child.stdin.write('go\n'), reject);
      }
    });
    child.on('exit', () => {
      try {
        resolve(JSON.parse(buffer.trim().split('\n').at(-1)!) as T);
      } catch {
        reject(new Error(`${script} printed: ${buffer}`));
      }
    });
  });
}
