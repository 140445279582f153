import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');

/**
 * `docker-compose config` (Debian's, which parses without a Docker engine) or, where GitHub's runners
 * have the compose plugin instead, `docker compose config`: the file as compose reads it, variables
 * substituted from `env`.
 */
export function parseComposeFile(env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  const options = { cwd: ROOT, encoding: 'utf8' as const, env };
  const standalone = spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], options);
  if (!standalone.error) {
    return standalone;
  }
  return spawnSync('docker', ['compose', '-f', 'docker-compose.yml', 'config'], options);
}

/** A container port published on the host; hostIp undefined means every interface. */
export interface PublishedPort {
  hostIp: string | undefined;
  published: string | undefined;
  target: string;
}

type PortEntry = string | number | { host_ip?: string; published?: string | number; target: string | number };

/** Compose's short (`[ip:][published:]target[/protocol]`) and long port syntax, read alike. */
export function publishedPort(entry: PortEntry): PublishedPort {
  if (typeof entry === 'object') {
    const published = entry.published === undefined ? undefined : String(entry.published);
    return { hostIp: entry.host_ip || undefined, published, target: String(entry.target) };
  }
  const parts = String(entry).split('/')[0].split(':');
  const target = parts[parts.length - 1];
  const published = parts.length >= 2 ? parts[parts.length - 2] : undefined;
  const hostIp =
    parts.length >= 3
      ? parts
          .slice(0, -2)
          .join(':')
          .replace(/^\[|\]$/g, '')
      : undefined;
  return { hostIp, published, target };
}

interface ComposeService {
  network_mode?: string;
  ports?: PortEntry[];
}

/**
 * The ports through which the host reaches a service: its own, and those of the service whose network
 * namespace it shares (`network_mode: service:<name>`).
 */
export function portsReaching(services: Record<string, ComposeService>, name: string): PublishedPort[] {
  const service = services[name];
  const own = (service.ports ?? []).map(publishedPort);
  const shared = /^service:(.+)$/.exec(service.network_mode ?? '');
  return shared ? [...own, ...portsReaching(services, shared[1])] : own;
}
