import { DEFAULTS, EmulatorOptions } from './config';
import { EmulatorClock } from './clock';
import { FaultPlan } from './faults';
import { RequestLog } from './requestLog';
import { Tenant } from './tenants';
import { Throttle } from './throttle';
import { TokenSigner } from './tokens/accessToken';

export interface ResolvedOptions {
  host: string;
  timeScale: number;
  eventsPerDay: number;
  ingestionDelayMs: number;
  live: boolean;
  latencyMs: number;
  allowOr: boolean;
  inspection: boolean;
  normalizePaths: boolean;
  tokenLifetimeSeconds: number;
}

/** Everything the request handlers share; one per running emulator. */
export class EmulatorState {
  readonly signer = new TokenSigner();
  readonly log = new RequestLog();
  readonly throttle: Throttle;
  readonly faults: FaultPlan;
  /** `scheme://host:port` strings the emulator is reachable at, filled in once the ports are bound. */
  readonly knownOrigins = new Set<string>();

  constructor(
    readonly clock: EmulatorClock,
    readonly tenants: Tenant[],
    readonly options: ResolvedOptions,
    input: EmulatorOptions
  ) {
    this.throttle = new Throttle(input.throttle === undefined ? { ...DEFAULTS.throttle } : input.throttle);
    this.faults = new FaultPlan(input.faults ?? []);
  }

  /** Origins that name this emulator as a token audience: every bound address plus the one the client used. */
  selfOrigins(requestOrigin: string): Set<string> {
    const origins = new Set(this.knownOrigins);
    origins.add(requestOrigin.toLowerCase());
    return origins;
  }
}
