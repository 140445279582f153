/**
 * The child side of sdkProcess.ts: a Graph SDK script warms up (its token), prints `ready`, waits
 * for a line on stdin, does its work and prints the result as one JSON line (or `{error}` and
 * exits 1). Timing starts only at the parent's go, so start-up never counts.
 */
import { Client } from '@microsoft/microsoft-graph-client';

import { EmulatorApp, graphSdkClient } from './graphSdkClient';

export function runAsSdkScript<I extends EmulatorApp, R>(work: (input: I, client: Client) => Promise<R>): void {
  const main = async () => {
    const input = JSON.parse(process.argv[2]) as I;
    const { client, getAccessToken } = graphSdkClient(input);
    await getAccessToken();
    process.stdout.write('ready\n');
    await new Promise((resolve) => process.stdin.once('data', resolve));
    process.stdout.write(`${JSON.stringify(await work(input, client))}\n`);
    process.stdin.destroy();
  };
  main().catch((error: Error) => {
    process.stdout.write(`${JSON.stringify({ error: `${error.name}: ${error.message}` })}\n`);
    process.exit(1);
  });
}
