/**
 * Walks directoryAudits with Microsoft's own JavaScript Graph SDK (its PageIterator and default
 * middleware chain, RetryHandler included), as a client nobody on this project wrote.
 * Run as a child process so NODE_EXTRA_CA_CERTS can trust the emulator's CA from the start.
 * Input: one JSON argument. Output: `ready` once warmed up, then (after any line on stdin) one JSON line.
 */
import { PageIterator } from '@microsoft/microsoft-graph-client';

import { EmulatorApp, graphSdkClient } from './graphSdkClient';

interface Input extends EmulatorApp {
  filter: string;
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2]) as Input;
  const { client, getAccessToken } = graphSdkClient(input);
  await getAccessToken();
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const first = await client.api('/auditLogs/directoryAudits').filter(input.filter).top(1000).get();
  const ids: string[] = [];
  const iterator = new PageIterator(client, first, (audit: { id: string }) => {
    ids.push(audit.id);
    return true;
  });
  await iterator.iterate();
  process.stdout.write(`${JSON.stringify({ count: ids.length, distinct: new Set(ids).size })}\n`);
  process.stdin.destroy();
}

main().catch((error: Error) => {
  process.stdout.write(`${JSON.stringify({ error: `${error.name}: ${error.message}` })}\n`);
  process.exit(1);
});
