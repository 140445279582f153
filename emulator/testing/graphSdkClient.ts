/**
 * Microsoft's own JavaScript Graph SDK pointed at the emulator's HTTPS base URL, with a client-
 * credentials token provider. Shared by the SDK paging test and the benchmark's PageIterator baseline.
 * The process must trust the emulator's CA (NODE_EXTRA_CA_CERTS), so callers run as child processes.
 */
import { Client } from '@microsoft/microsoft-graph-client';

export interface EmulatorApp {
  httpsUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export interface GraphSdkClient {
  client: Client;
  /** Fetches (or reuses) the app's token; call once before timing anything to warm up. */
  getAccessToken: () => Promise<string>;
}

export function graphSdkClient(app: EmulatorApp): GraphSdkClient {
  let cached: { token: string; until: number } | undefined;
  const getAccessToken = async () => {
    if (cached && cached.until > Date.now()) {
      return cached.token;
    }
    const response = await fetch(`${app.httpsUrl}/${app.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
        scope: `${app.httpsUrl}/.default`,
      }),
    });
    const body = (await response.json()) as { access_token?: string; expires_in?: number };
    if (!body.access_token) {
      throw new Error(`token request failed with ${response.status}`);
    }
    // Renew at 80 % of the lifetime: on a fast emulator clock a token lives only seconds of real time.
    cached = { token: body.access_token, until: Date.now() + (body.expires_in ?? 60) * 1000 * 0.8 };
    return cached.token;
  };
  const client = Client.initWithMiddleware({
    authProvider: { getAccessToken },
    baseUrl: app.httpsUrl,
    defaultVersion: 'v1.0',
    customHosts: new Set([new URL(app.httpsUrl).hostname]),
  });
  return { client, getAccessToken };
}
