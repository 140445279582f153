/**
 * The baseline: a per-panel walker built on Microsoft's own Graph JavaScript SDK (its PageIterator
 * and default middleware, RetryHandler honouring Retry-After), the way a generic REST plugin walks:
 * every panel pages its own `$filter`, all panels at once (or, politer, one after another). Run as a child process so
 * NODE_EXTRA_CA_CERTS trusts the emulator's CA from the start.
 * Input: one JSON argument. Output: `ready` once warmed up, then (after a line on stdin) one JSON line.
 */
import { Client, PageIterator, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';

interface Input {
  httpsUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  filters: string[];
  /** One panel after another instead of all at once (a politer, slower dashboard). */
  sequential?: boolean;
}

export interface WalkerReport {
  walks: Array<{ events: number; error?: string }>;
}

/** The SDK's most patient setting (10 retries): its default 3 gives up long before six walkers finish. */
const retryOptions = () => [new RetryHandlerOptions(3, 10)];

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
    cached = { token: body.access_token, until: Date.now() + (body.expires_in ?? 60) * 1000 * 0.8 };
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

  const walk = async (filter: string) => {
    let events = 0;
    try {
      const first = await client
        .api('/auditLogs/directoryAudits')
        .middlewareOptions(retryOptions())
        .filter(filter)
        .top(1000)
        .orderby('activityDateTime desc')
        .get();
      const iterator = new PageIterator(
        client,
        first,
        () => {
          events++;
          return true;
        },
        { middlewareOptions: retryOptions() }
      );
      await iterator.iterate();
      return { events };
    } catch (error) {
      return {
        events,
        error: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 200) : String(error),
      };
    }
  };
  const walks: WalkerReport['walks'] = [];
  if (input.sequential) {
    for (const filter of input.filters) {
      walks.push(await walk(filter));
    }
  } else {
    walks.push(...(await Promise.all(input.filters.map(walk))));
  }
  const report: WalkerReport = { walks };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.stdin.destroy();
}

main().catch((error: Error) => {
  process.stdout.write(`${JSON.stringify({ error: `${error.name}: ${error.message}` })}\n`);
  process.exit(1);
});
