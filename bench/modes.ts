import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { RunningEmulator } from '../emulator';
import { QueryMode, resolveSettings } from '../src/core/model/settings';
import { secretBinding, secretKeysOf } from '../src/core/model/secretBinding';
import { AuditQuery } from '../src/core/model/query';
import { AuditJsonData } from '../src/datasource/DataSource';
import { emulatorSettings } from '../integration/harness';
import { DsQueryStandin, startDsQueryStandin } from './dsQueryStandin';
import { evaluateRule, openThroughDsQuery } from './serverViewers';
import { syncRequestsWhenIdle, warmStore } from './storeWarm';
import { openInBrowsers, PanelEnd } from './viewers';

/** One mode's data source on one emulator: viewers open the dashboard, alert rules evaluate. */
export interface ModeSession {
  open(viewers: number): Promise<PanelEnd[][]>;
  /** Undefined where alert rules do not run through this path (Browser mode's rules run in the backend). */
  evaluate?(rule: AuditQuery, minutes: number): Promise<PanelEnd>;
  /** CPU seconds the plugin's backend process has used; absent where there is none (Browser). */
  backendCpuSeconds?(): number | undefined;
  /** Graph requests the mode's own background work (the store's sync) has sent; absent: it has none. */
  backgroundRequests?(): Promise<number>;
  close(): Promise<void>;
}

export interface Mode {
  name: string;
  /** Measured warm: one session, started (and filled) once, serves all of the mode's dashboard runs. */
  warm?: boolean;
  start(emulator: RunningEmulator, standinBinary: string): Promise<ModeSession>;
}

const browserMode: Mode = {
  name: 'Browser',
  start: async (emulator) => ({ open: (viewers) => openInBrowsers(emulator, viewers), close: async () => {} }),
};

/** What a backend mode does before it is measured, and how it counts its background requests. */
interface Warm {
  warmUp(standin: DsQueryStandin, emulator: RunningEmulator): Promise<void>;
  backgroundRequests(standin: DsQueryStandin): Promise<number>;
}

/**
 * A backend mode: one data source in `queryMode` on the /api/ds/query stand-in, its secret where
 * that mode keeps it; `env` carries server-level settings (grafana.ini's [plugin.<id>] section),
 * made anew for each session and removed after it.
 */
export function backendMode(
  name: string,
  queryMode: QueryMode,
  env: () => { vars: Record<string, string>; cleanup(): void } = () => ({ vars: {}, cleanup: () => {} }),
  warm?: Warm
): Mode {
  return {
    name,
    warm: warm !== undefined,
    start: async (emulator, binary) => {
      if (!emulator.httpsUrl || !emulator.caCertPem) {
        throw new Error('The backend signs in over HTTPS only: start the bench emulator with its HTTPS listener.');
      }
      // The backend signs in through the Azure Identity library: the login on HTTPS, trusting the CA.
      const jsonData = {
        ...emulatorSettings(emulator),
        loginUrl: emulator.httpsUrl,
        tlsAuthWithCACert: true,
        queryMode,
      } as AuditJsonData;
      const keys = secretKeysOf(queryMode);
      const secure = {
        [keys.secret]: emulator.clientSecret,
        [keys.binding]: secretBinding(resolveSettings(jsonData)),
        tlsCACert: emulator.caCertPem,
      };
      const server = env();
      const standin = await startDsQueryStandin(binary, emulator, jsonData, secure, server.vars);
      const close = () => standin.close().finally(server.cleanup);
      try {
        await warm?.warmUp(standin, emulator);
      } catch (error) {
        await close();
        throw error;
      }
      return {
        open: (viewers) => openThroughDsQuery(standin, emulator, viewers),
        backendCpuSeconds: () => standin.cpuSeconds(),
        evaluate: (rule, minutes) => evaluateRule(standin, emulator, rule, minutes),
        backgroundRequests: warm && (() => warm.backgroundRequests(standin)),
        close,
      };
    },
  };
}

/** The store directory grafana.ini would name ([plugin.<id>] store_dir): a fresh one per session. */
function storeDir(): { vars: Record<string, string>; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
  return { vars: { GF_PLUGIN_STORE_DIR: dir }, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Server with store is measured warm: after its backfill, its only Graph requests are the sync's. */
const storeWarm: Warm = {
  warmUp: warmStore,
  backgroundRequests: syncRequestsWhenIdle,
};

/** The modes the benchmark compares; a new mode is one entry here. */
export const MODES: Mode[] = [
  browserMode,
  backendMode('Server', 'server'),
  backendMode('Server with store', 'serverStore', storeDir, storeWarm),
];
