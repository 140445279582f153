import { RunningEmulator } from '../emulator';
import { QueryMode, resolveSettings } from '../src/core/model/settings';
import { secretBinding, secretKeysOf } from '../src/core/model/secretBinding';
import { AuditQuery } from '../src/core/model/query';
import { AuditJsonData } from '../src/datasource/DataSource';
import { emulatorSettings } from '../integration/harness';
import { startDsQueryStandin } from './dsQueryStandin';
import { evaluateRule, openThroughDsQuery } from './serverViewers';
import { openInBrowsers, PanelEnd } from './viewers';

/** One mode's data source on one emulator: viewers open the dashboard, alert rules evaluate. */
export interface ModeSession {
  open(viewers: number): Promise<PanelEnd[][]>;
  /** Undefined where alert rules do not run through this path (Browser mode's rules run in the backend). */
  evaluate?(rule: AuditQuery, minutes: number): Promise<PanelEnd>;
  close(): Promise<void>;
}

export interface Mode {
  name: string;
  start(emulator: RunningEmulator, standinBinary: string): Promise<ModeSession>;
}

const browserMode: Mode = {
  name: 'Browser',
  start: async (emulator) => ({ open: (viewers) => openInBrowsers(emulator, viewers), close: async () => {} }),
};

/**
 * A backend mode: one data source in `queryMode` on the /api/ds/query stand-in, its secret where
 * that mode keeps it; `env` carries server-level settings (grafana.ini's [plugin.<id>] section).
 */
export function backendMode(name: string, queryMode: QueryMode, env: Record<string, string> = {}): Mode {
  return {
    name,
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
      const standin = await startDsQueryStandin(binary, emulator, jsonData, secure, env);
      return {
        open: (viewers) => openThroughDsQuery(standin, emulator, viewers),
        evaluate: (rule, minutes) => evaluateRule(standin, emulator, rule, minutes),
        close: () => standin.close(),
      };
    },
  };
}

/** The modes the benchmark compares; a new mode is one entry here. */
export const MODES: Mode[] = [browserMode, backendMode('Server', 'server')];
