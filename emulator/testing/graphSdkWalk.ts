/**
 * Walks directoryAudits with Microsoft's own JavaScript Graph SDK (its PageIterator and default
 * middleware chain, RetryHandler included), as a client nobody on this project wrote.
 * Run as a child process so NODE_EXTRA_CA_CERTS can trust the emulator's CA from the start.
 * Input: one JSON argument. Output: `ready` once warmed up, then (after any line on stdin) one JSON line.
 */
import { PageIterator } from '@microsoft/microsoft-graph-client';

import { EmulatorApp } from './graphSdkClient';
import { runAsSdkScript } from './sdkScript';

interface Input extends EmulatorApp {
  filter: string;
}

runAsSdkScript<Input, { count: number; distinct: number }>(async (input, client) => {
  const first = await client.api('/auditLogs/directoryAudits').filter(input.filter).top(1000).get();
  const ids: string[] = [];
  const iterator = new PageIterator(client, first, (audit: { id: string }) => {
    ids.push(audit.id);
    return true;
  });
  await iterator.iterate();
  return { count: ids.length, distinct: new Set(ids).size };
});
