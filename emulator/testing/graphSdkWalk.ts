/**
 * Walks directoryAudits with Microsoft's own JavaScript Graph SDK (its PageIterator and default
 * middleware chain, RetryHandler included), as a client nobody on this project wrote.
 * Run as a child process so NODE_EXTRA_CA_CERTS can trust the emulator's CA from the start.
 * Input: one JSON argument. Output: `ready` once warmed up, then (after any line on stdin) one JSON line.
 */
import { Client, PageIterator } from '@microsoft/microsoft-graph-client';

interface Input {
  httpsUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  filter: string;
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2]) as Input;
  let cached: { token: string; until: number } | undefined;
  const getAccessToken = async () => {
    if (cached && cached.until > Date.now()) {
      return cached.token;
    }
    const response = await fetch(`${input.httpsUrl}/${input.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: input.clientId,
        client_secret: input.clientSecret,
        scope: `${input.httpsUrl}/.default`,
      }),
    });
    const body = (await response.json()) as { access_token?: string; expires_in?: number };
    if (!body.access_token) {
      throw new Error(`token request failed with ${response.status}`);
    }
    cached = { token: body.access_token, until: Date.now() + (body.expires_in ?? 60) * 1000 - 5000 };
    return cached.token;
  };
  const client = Client.initWithMiddleware({
    authProvider: { getAccessToken },
    baseUrl: input.httpsUrl,
    defaultVersion: 'v1.0',
    customHosts: new Set([new URL(input.httpsUrl).hostname]),
  });
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
