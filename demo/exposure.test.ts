/**
 * The demo is for the machine it runs on: the emulator (no authentication, write endpoints that change
 * what Grafana sees) and Grafana (a demo-only default password) are published on loopback only, and
 * the admin password comes from the environment. Checked on the compose file as compose reads it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

import { parseComposeFile, portsReaching, publishedPort, ROOT } from './composeFile';

const LOOPBACK = '127.0.0.1';

function composeConfig(env: NodeJS.ProcessEnv = process.env) {
  const compose = parseComposeFile(env);
  expect({ error: compose.error, status: compose.status, stderr: compose.stderr }).toMatchObject({
    error: undefined,
    status: 0,
  });
  return parseYaml(compose.stdout) as { services: Record<string, any> };
}

/** The port the emulator listens on, from its `--port=` argument. */
function emulatorPort(services: Record<string, any>): string {
  const argument = (services.emulator.command as string[]).find((arg) => arg.startsWith('--port='));
  expect(argument).toBeDefined();
  return argument!.slice('--port='.length);
}

describe('what the demo publishes', () => {
  const { services } = composeConfig();

  it('publishes the emulator on 127.0.0.1 only, at the port the README gives for its counts', () => {
    expect(services.emulator.network_mode).not.toBe('host');
    const port = emulatorPort(services);
    const reaching = portsReaching(services, 'emulator').filter((p) => p.target === port);
    expect(reaching.length).toBeGreaterThan(0);
    expect(reaching.map((p) => p.hostIp)).toEqual(reaching.map(() => LOOPBACK));
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const countsUrl = /<https?:\/\/(?:localhost|127\.0\.0\.1):(\d+)\/_emulator\/counts>/.exec(readme);
    expect(reaching.map((p) => p.published)).toContain(countsUrl?.[1]);
  });

  it('publishes Grafana, whose default password is for the demo only, on 127.0.0.1 only', () => {
    const ports = portsReaching(services, 'grafana');
    expect(ports.map((p) => p.target)).toContain('3000');
    expect(ports.map((p) => p.hostIp)).toEqual(ports.map(() => LOOPBACK));
  });

  it("takes Grafana's admin password from GRAFANA_ADMIN_PASSWORD, not from a literal in the file", () => {
    const raw = parseYaml(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'));
    expect(raw.services.grafana.environment.GF_SECURITY_ADMIN_PASSWORD).toMatch(
      /^\$\{GRAFANA_ADMIN_PASSWORD(?::?[-?][^}]*)?\}$/
    );
    const chosen = 'demo-password-from-the-environment';
    const withVariable = composeConfig({ ...process.env, GRAFANA_ADMIN_PASSWORD: chosen });
    expect(withVariable.services.grafana.environment.GF_SECURITY_ADMIN_PASSWORD).toBe(chosen);
  });
});

describe('compose port syntax', () => {
  it.each([
    ['8080', { hostIp: undefined, published: undefined, target: '8080' }],
    ['8080:8080', { hostIp: undefined, published: '8080', target: '8080' }],
    ['127.0.0.1:8080:8080/tcp', { hostIp: '127.0.0.1', published: '8080', target: '8080' }],
    ['[::1]:9000:8080', { hostIp: '::1', published: '9000', target: '8080' }],
    [
      { target: 8080, published: '8080' },
      { hostIp: undefined, published: '8080', target: '8080' },
    ],
    [
      { host_ip: '127.0.0.1', target: 8080, published: 8080 },
      { hostIp: '127.0.0.1', published: '8080', target: '8080' },
    ],
  ] as const)('reads %j', (entry, expected) => {
    expect(publishedPort(entry)).toEqual(expected);
  });
});
