import { createServer as createHttpServer, Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo } from 'node:net';
import { EmulatorClock } from './clock';
import {
  DEFAULTS,
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_TENANT_DOMAIN,
  DEMO_TENANT_ID,
  demoTenants,
  EmulatorOptions,
} from './config';
import { resetState } from './control/controlEndpoints';
import { groundTruth, GroundTruth, GroundTruthQuery } from './control/groundTruth';
import { injectEvent, InjectedEventSpec } from './control/injection';
import { Budget } from './throttle';
import { FaultRule } from './faults';
import { LoggedRequest } from './requestLog';
import { createListener } from './server';
import { EmulatorState } from './state';
import { buildTenant } from './tenants';
import { createTlsMaterial } from './tls';
import { createDemoClientCertificates, DemoClientCertificates, registerDemoCertificates } from './clientCertificates';

export * from './config';
export type { FaultRule, FaultKind } from './faults';
export type { GroundTruth, GroundTruthQuery, GroundTruthField } from './control/groundTruth';
export type { InjectedEventSpec } from './control/injection';
export type { LoggedRequest } from './requestLog';

export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:41234`: login host, Graph host and legacy host in one. */
  httpUrl: string;
  /** e.g. `https://127.0.0.1:41235`, or undefined when HTTPS is off. */
  httpsUrl?: string;
  caCertPem?: string;
  caCertPath?: string;
  tenantId: string;
  tenantDomain: string;
  clientId: string;
  clientSecret: string;
  /** The demo app's certificate with its private key (PEM), and the file it is written to. */
  clientCertificatePem: string;
  clientCertificatePath: string;
  /** A certificate whose upload to the demo app has expired (AADSTS700027), with its key. */
  retiredCertificatePem: string;
  retiredCertificatePath: string;
  timeScale: number;
  /** Emulated now, epoch ms. */
  now(): number;
  /** Moves emulated time forward at once. */
  advance(ms: number): void;
  groundTruth(query?: GroundTruthQuery): GroundTruth;
  injectEvent(spec: InjectedEventSpec): { id: string; correlationId: string };
  setFaults(rules: FaultRule[]): void;
  addFault(rule: FaultRule): void;
  setThrottle(budget: Budget | false): void;
  requestLog(): LoggedRequest[];
  /** Forgets requests, throttle windows, faults and injected events. */
  reset(): void;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clientCertificates = await createDemoClientCertificates(options.certDir);
  const state = emulatorState(options, clientCertificates);
  const clock = state.clock;
  const host = state.options.host;
  const servers: Server[] = [];
  const httpServer = createHttpServer(createListener(state, 'http'));
  servers.push(httpServer);
  const httpPort = await listen(httpServer, options.port ?? 0, host);
  let https: { url: string; caCertPem: string; caCertPath: string } | undefined;
  if (options.httpsPort !== false) {
    const tls = await createTlsMaterial(options.hostnames ?? [], options.certDir);
    const httpsServer = createHttpsServer({ key: tls.key, cert: tls.cert }, createListener(state, 'https'));
    servers.push(httpsServer);
    const port = await listen(httpsServer, options.httpsPort ?? 0, host);
    https = { url: `https://${urlHost(host)}:${port}`, caCertPem: tls.caCertPem, caCertPath: tls.caCertPath };
  }
  const httpUrl = `http://${urlHost(host)}:${httpPort}`;
  for (const name of new Set(['127.0.0.1', 'localhost', host, ...(options.hostnames ?? [])])) {
    state.knownOrigins.add(`http://${urlHost(name)}:${httpPort}`.toLowerCase());
    if (https) {
      state.knownOrigins.add(`https://${urlHost(name)}:${new URL(https.url).port}`.toLowerCase());
    }
  }

  return {
    httpUrl,
    httpsUrl: https?.url,
    caCertPem: https?.caCertPem,
    caCertPath: https?.caCertPath,
    tenantId: DEMO_TENANT_ID,
    tenantDomain: DEMO_TENANT_DOMAIN,
    clientId: DEMO_CLIENT_ID,
    clientSecret: DEMO_CLIENT_SECRET,
    clientCertificatePem: clientCertificates.active.pemWithKey,
    clientCertificatePath: clientCertificates.active.path,
    retiredCertificatePem: clientCertificates.retired.pemWithKey,
    retiredCertificatePath: clientCertificates.retired.path,
    timeScale: clock.timeScale,
    now: () => clock.now(),
    advance: (ms) => clock.advance(ms),
    groundTruth: (query = {}) => groundTruth(state, query),
    injectEvent: (spec) => {
      const event = injectEvent(state, spec);
      return { id: event.id, correlationId: event.correlationId };
    },
    setFaults: (rules) => state.faults.set(rules),
    addFault: (rule) => state.faults.add(rule),
    setThrottle: (budget) => state.throttle.setBudget(budget),
    requestLog: () => state.log.list(),
    reset: () => resetState(state),
    close: () => Promise.all(servers.map(closeServer)).then(() => undefined),
  };
}

/** The clock, the demo tenants and the options with their defaults; refuses a start time or volume that makes no sense. */
function emulatorState(options: EmulatorOptions, clientCertificates: DemoClientCertificates): EmulatorState {
  const start =
    options.now === undefined ? Date.now() : typeof options.now === 'number' ? options.now : Date.parse(options.now);
  if (Number.isNaN(start)) {
    throw new Error(`'now' must be an ISO 8601 instant or epoch milliseconds, got '${options.now}'.`);
  }
  const eventsPerDay = options.eventsPerDay ?? DEFAULTS.eventsPerDay;
  if (!(eventsPerDay > 0)) {
    throw new Error(`eventsPerDay must be positive, got ${eventsPerDay}.`);
  }
  const live = options.live ?? false;
  const ingestionDelayMs = options.ingestionDelayMs ?? DEFAULTS.ingestionDelayMs;
  const clock = new EmulatorClock(start, options.timeScale ?? DEFAULTS.timeScale);
  const configs = demoTenants(options.seed ?? DEFAULTS.seed, options.retentionDays ?? DEFAULTS.retentionDays);
  const tenants = registerDemoCertificates(configs, clientCertificates).map((config) =>
    // A frozen tenant's history is complete at start-up; a live one keeps growing, each event after its own delay.
    buildTenant(config, eventsPerDay, live ? ingestionDelayMs : 0, live ? Infinity : start)
  );
  return new EmulatorState(
    clock,
    tenants,
    {
      host: options.host ?? DEFAULTS.host,
      timeScale: clock.timeScale,
      eventsPerDay,
      ingestionDelayMs,
      live,
      latencyMs: options.latencyMs ?? DEFAULTS.latencyMs,
      allowOr: options.allowOr ?? false,
      inspection: options.inspection ?? false,
      normalizePaths: options.normalizePaths ?? false,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? DEFAULTS.tokenLifetimeSeconds,
    },
    options
  );
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') {
    return '127.0.0.1';
  }
  return host.includes(':') ? `[${host}]` : host;
}
