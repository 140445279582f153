import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { GroundTruthField, RunningEmulator, startEmulator } from '../../emulator';

jest.setTimeout(90_000);

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const RANGE = { from: '2026-11-19T15:00:00.000Z', to: '2026-11-19T18:00:00.000Z' };
const WRONG_SECRET = 'not-the-secret-~42';

/** A summary query per API, whose counts per group the emulator's ground truth must match exactly. */
interface GroundTruthRun {
  title: string;
  /** The audit API the request log must show answering. */
  api: 'graph' | 'legacy';
  /** Flags that pick the API, after the provisioned settings. */
  apiArgs: (emulator: RunningEmulator) => string[];
  query: { format: 'summary'; groupBy: string };
  truthGroupBy: GroundTruthField;
  /** The frame's group column for that query. */
  groupField: string;
  executedQuery: (emulator: RunningEmulator) => string;
}

const groundTruthRuns: GroundTruthRun[] = [
  {
    title: 'prints the DataQueryResponse as JSON whose counts equal the ground truth, and exits 0',
    api: 'graph',
    apiArgs: () => [],
    query: { format: 'summary', groupBy: 'activity' },
    truthGroupBy: 'activityDisplayName',
    groupField: 'Activity',
    executedQuery: () => `activityDateTime ge ${RANGE.from}`,
  },
  {
    title:
      'runs --api legacy against the legacy activities/audit API with counts per activity type equal to the ground truth',
    api: 'legacy',
    apiArgs: (emulator) => ['--api', 'legacy', '--legacy-graph-url', emulator.httpUrl],
    query: { format: 'summary', groupBy: 'activityType' },
    truthGroupBy: 'activityType',
    groupField: 'Activity type',
    executedQuery: (emulator) =>
      `GET ${emulator.httpUrl}/${emulator.tenantId}/activities/audit?api-version=beta&$filter=activityDate ge ${RANGE.from}`,
  },
];

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run query -- <args>` as a user runs it: a separate process, real HTTP, its own clock. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['tools/query-runner/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ENTRA_CLIENT_SECRET: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run query (the headless runner, as a child process)', () => {
  let emulator: RunningEmulator;
  let provisioning: string;

  beforeAll(async () => {
    emulator = await startEmulator({ now: '2026-11-20T12:00:00.000Z', httpsPort: false, seed: 5, eventsPerDay: 4000 });
    const dir = mkdtempSync(path.join(tmpdir(), 'query-runner-'));
    provisioning = path.join(dir, 'datasources.yaml');
    // A provisioning file as an admin writes it: the secret comes from the environment.
    writeFileSync(
      provisioning,
      [
        'apiVersion: 1',
        'datasources:',
        '  - name: Entra ID audit logs',
        '    type: auditlens-entraid-datasource',
        '    access: proxy',
        '    jsonData:',
        '      cloud: custom',
        '      api: msgraph-v1',
        `      loginUrl: ${emulator.httpUrl}`,
        `      graphUrl: ${emulator.httpUrl}`,
        `      tenantId: ${emulator.tenantId}`,
        '      clientId: will-be-overridden',
        '    secureJsonData:',
        '      clientSecret: $ENTRA_CLIENT_SECRET',
        '',
      ].join('\n')
    );
  });

  afterAll(async () => {
    await emulator.close();
  });

  it.each(groundTruthRuns)('$title', async ({ api, apiArgs, query, truthGroupBy, groupField, executedQuery }) => {
    const truth = emulator.groundTruth({ ...RANGE, groupBy: truthGroupBy });
    const ran = await runCli(
      [
        '--settings',
        provisioning,
        '--client-id',
        emulator.clientId,
        ...apiArgs(emulator),
        '--query',
        JSON.stringify(query),
        '--from',
        RANGE.from,
        '--to',
        RANGE.to,
      ],
      { ENTRA_CLIENT_SECRET: emulator.clientSecret }
    );
    expect(ran.stderr).not.toMatch(/Error/);
    expect(ran.code).toBe(0);
    const response = JSON.parse(ran.stdout);
    expect(response.state).toBe('Done');
    const [frame] = response.data;
    expect(frame.meta.executedQueryString).toContain(executedQuery(emulator));
    const groups: string[] = frame.fields.find((f: { name: string }) => f.name === groupField).values;
    const counts: number[] = frame.fields.find((f: { name: string }) => f.name === 'Count').values;
    expect(Object.fromEntries(groups.map((g, i) => [g, counts[i]]))).toEqual(truth.groups);
    expect(emulator.requestLog().some((r) => r.api === api && r.status === 200)).toBe(true);
    expect(ran.stdout + ran.stderr).not.toContain(emulator.clientSecret);
  });

  it('prints the error a panel would show, without the secret, and exits non-zero when the secret is wrong', async () => {
    const ran = await runCli(
      ['--settings', provisioning, '--client-id', emulator.clientId, '--from', RANGE.from, '--to', RANGE.to],
      {
        ENTRA_CLIENT_SECRET: WRONG_SECRET,
      }
    );
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/^Error \(A\): .*credentials/m);
    expect(JSON.parse(ran.stdout).errors[0].message).toMatch(/credentials/);
    expect(ran.stdout + ran.stderr).not.toContain(WRONG_SECRET);
    expect(ran.stdout + ran.stderr).not.toContain('access_token');
  });

  it('refuses a secret on the command line and names where it belongs', async () => {
    const ran = await runCli(['--client-secret', 'typed-into-history']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('ENTRA_CLIENT_SECRET');
    expect(ran.stdout + ran.stderr).not.toContain('typed-into-history');
  });
});
