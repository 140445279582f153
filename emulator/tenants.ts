import { TenantConfig } from './config';
import { buildDirectory, Directory } from './data/directory';
import { EventStore } from './data/eventStore';
import { EventGenerator } from './data/generator';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const DAY_MS = 86_400_000;

export interface Tenant {
  config: TenantConfig;
  directory: Directory;
  store: EventStore;
}

/** A tenant identifier Entra ID would accept at all: a GUID or a DNS name. */
export function isWellFormedTenant(identifier: string): boolean {
  return GUID.test(identifier) || DNS_NAME.test(identifier);
}

export function buildTenant(
  config: TenantConfig,
  eventsPerDay: number,
  ingestionDelayMs: number,
  generatedUntil: number
): Tenant {
  const userCount = Math.max(50, Math.min(3000, Math.round(50 + Math.sqrt(eventsPerDay) * 4)));
  const directory = buildDirectory(config.seed, config.domains[0], config.id, userCount);
  const generator = new EventGenerator({ seed: config.seed, eventsPerDay, ingestionDelayMs, directory });
  return { config, directory, store: new EventStore(generator, generatedUntil) };
}

export function findTenant(tenants: readonly Tenant[], identifier: string): Tenant | undefined {
  const wanted = identifier.toLowerCase();
  return tenants.find((t) => t.config.id === wanted || t.config.domains.some((d) => d.toLowerCase() === wanted));
}

/**
 * The oldest instant a tenant still serves: retention days back, floored to midnight UTC, the way
 * Microsoft's own "Minimum allowed time for activityDateTime is 2/5/2023 12:00:00 AM" reads.
 */
export function retentionFloor(tenant: Tenant, now: number): number {
  const back = now - tenant.config.retentionDays * DAY_MS;
  return back - (back % DAY_MS);
}
