import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_TENANT_ID } from './config';
import { accessToken, auditsUrl, getJson } from './testing/client';

describe('npm run emulator', () => {
  it('prints one JSON line with URLs and credentials, serves, and exits cleanly on SIGTERM', async () => {
    const tsx = join(__dirname, '..', 'node_modules', '.bin', 'tsx');
    const child = spawn(
      tsx,
      [
        join(__dirname, 'cli.ts'),
        '--port',
        '0',
        '--https-port',
        '0',
        '--json',
        '--latency-ms',
        '0',
        '--events-per-day',
        '200',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      }
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const line = await new Promise<string>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        if (buffer.includes('\n')) {
          resolve(buffer.split('\n')[0]);
        }
      });
      child.on('exit', (code) => reject(new Error(`emulator exited early with ${code}`)));
    });
    const info = JSON.parse(line);
    expect(info).toMatchObject({
      tenantId: DEMO_TENANT_ID,
      clientId: DEMO_CLIENT_ID,
      clientSecret: DEMO_CLIENT_SECRET,
    });
    expect(info.httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.httpsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(info.caCertPath).toMatch(/emulator-ca\.pem$/);

    const token = await accessToken({ baseUrl: info.httpUrl });
    expect((await getJson(auditsUrl(info.httpUrl, { $top: '1' }), token)).status).toBe(200);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);
});
