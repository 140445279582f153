/**
 * The emulator's options and its fixed demo tenant. Tests import these constants rather than
 * copying them, so a change here cannot leave a stale copy behind.
 */
import type { FaultRule } from './faults';

export const DEMO_TENANT_ID = 'c0de0000-0000-4000-8000-000000000001';
export const DEMO_TENANT_DOMAIN = 'contoso.onmicrosoft.com';
/** An Entra ID Free tenant (7-day retention) with the same apps, for the retention and tenant tests. */
export const FREE_TENANT_ID = 'c0de0000-0000-4000-8000-000000000007';
export const FREE_TENANT_DOMAIN = 'fabrikam.onmicrosoft.com';

/** The demo app: AuditLog.Read.All and Directory.Read.All, admin-consented. */
export const DEMO_CLIENT_ID = 'a0d17000-0000-4000-8000-000000000001';
export const DEMO_CLIENT_SECRET = 'emulator-demo-secret';
/** Directory.Read.All only: Microsoft Graph answers its audit requests with 403. */
export const NO_AUDIT_CLIENT_ID = 'a0d17000-0000-4000-8000-000000000002';
export const NO_AUDIT_CLIENT_SECRET = 'emulator-no-audit-secret';
/** Its only secret expired: the token endpoint answers AADSTS7000222. */
export const EXPIRED_CLIENT_ID = 'a0d17000-0000-4000-8000-000000000003';
export const EXPIRED_CLIENT_SECRET = 'emulator-expired-secret';

export const AUDIT_LOG_READ_ALL = 'AuditLog.Read.All';
export const DIRECTORY_READ_ALL = 'Directory.Read.All';

export interface AppRegistration {
  clientId: string;
  displayName: string;
  secrets: Array<{ value: string; expired?: boolean }>;
  /** Uploaded certificates (public part, PEM); an expired one is refused with AADSTS700027. */
  certificates?: Array<{ pem: string; expired?: boolean }>;
  permissions: string[];
}

export interface TenantConfig {
  id: string;
  domains: string[];
  retentionDays: number;
  seed: number;
  apps: AppRegistration[];
}

export interface EmulatorOptions {
  /** Plain HTTP port; 0 picks a free one. */
  port?: number;
  /** HTTPS port; 0 picks a free one, false turns HTTPS off. */
  httpsPort?: number | false;
  host?: string;
  /** Extra host names for the HTTPS certificate (e.g. a docker service name). */
  hostnames?: string[];
  seed?: number;
  /** Roughly how many events a day the demo tenant logs (bursts included). */
  eventsPerDay?: number;
  /** The demo tenant's retention: 30 days (P1/P2) by default, 7 for Free. */
  retentionDays?: number;
  /** Emulated milliseconds per real millisecond. */
  timeScale?: number;
  /** The emulated instant at start-up (ISO or epoch ms); real now by default. */
  now?: string | number;
  /** Report API budget per app per tenant; false turns throttling off. */
  throttle?: { requests: number; perSeconds: number } | false;
  /** The longest an event waits before it becomes visible (live mode). */
  ingestionDelayMs?: number;
  /** New events keep arriving as emulated time passes; otherwise the tenant's history ends at `now`. */
  live?: boolean;
  faults?: FaultRule[];
  /** Emulated latency added to every report page. */
  latencyMs?: number;
  /** Accept `or` in Graph `$filter` (Microsoft does not document it). */
  allowOr?: boolean;
  /** Serve the /_emulator control and inspection endpoints. */
  inspection?: boolean;
  /**
   * Route on the path as a normalising front door might see it: `%2e`, `%2f`, `%5c` decoded once,
   * `\` as `/`, dot segments removed (frontDoor.ts). Off: the path exactly as received.
   */
  normalizePaths?: boolean;
  /** Access-token lifetime in emulated seconds. */
  tokenLifetimeSeconds?: number;
  /** Where the CA certificate is written; a fresh temp directory by default. */
  certDir?: string;
}

export const DEFAULTS = {
  host: '127.0.0.1',
  seed: 42,
  eventsPerDay: 5000,
  retentionDays: 30,
  timeScale: 1,
  throttle: { requests: 5, perSeconds: 10 },
  ingestionDelayMs: 3 * 60_000,
  latencyMs: 0,
  tokenLifetimeSeconds: 3599,
} as const;

export function demoApps(): AppRegistration[] {
  return [
    {
      clientId: DEMO_CLIENT_ID,
      displayName: 'Grafana Audit Reader (demo)',
      secrets: [{ value: 'emulator-old-secret', expired: true }, { value: DEMO_CLIENT_SECRET }],
      permissions: [AUDIT_LOG_READ_ALL, DIRECTORY_READ_ALL],
    },
    {
      clientId: NO_AUDIT_CLIENT_ID,
      displayName: 'Directory Reader without audit access (demo)',
      secrets: [{ value: NO_AUDIT_CLIENT_SECRET }],
      permissions: [DIRECTORY_READ_ALL],
    },
    {
      clientId: EXPIRED_CLIENT_ID,
      displayName: 'App with an expired secret (demo)',
      secrets: [{ value: EXPIRED_CLIENT_SECRET, expired: true }],
      permissions: [AUDIT_LOG_READ_ALL, DIRECTORY_READ_ALL],
    },
  ];
}

export function demoTenants(seed: number, retentionDays: number): TenantConfig[] {
  return [
    { id: DEMO_TENANT_ID, domains: [DEMO_TENANT_DOMAIN], retentionDays, seed, apps: demoApps() },
    { id: FREE_TENANT_ID, domains: [FREE_TENANT_DOMAIN], retentionDays: 7, seed: seed + 1, apps: demoApps() },
  ];
}
