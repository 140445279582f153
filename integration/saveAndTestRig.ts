import { TestDataSourceResponse } from '@grafana/data';

import { RunningEmulator } from '../emulator';
import { AuditJsonData } from '../src/datasource/DataSource';
import { EditorsRig, startEditorsRig } from './editors-harness';
import { JWT_PATTERN, startFastEmulator } from './harness';

export interface SaveAndTestSuite {
  /** The emulated tenant, shared by every test of the suite and reset after each. */
  readonly emulator: RunningEmulator;
  /** The rig the current test started; it is closed after each test. */
  readonly rig: EditorsRig;
  startRig(jsonData: AuditJsonData, clientSecret: string): Promise<EditorsRig>;
  /** One Save & test on a fresh rig, failing the test if the secret or a token shows anywhere it can be seen. */
  saveAndTest(jsonData: AuditJsonData, clientSecret: string): Promise<TestDataSourceResponse>;
}

/**
 * Registers, in the calling `describe`, the lifecycle every Save & test suite needs: one fast
 * emulator for the suite, a fresh proxy stand-in and DataSource per test, both closed again.
 * A rig per test, and an emulator reset after it, keep one test's cached token, settings or throttle
 * from deciding the next one.
 */
export function setUpSaveAndTestSuite(): SaveAndTestSuite {
  let emulator: RunningEmulator | undefined;
  let rig: EditorsRig | undefined;

  beforeAll(async () => {
    emulator = await startFastEmulator();
  });
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
    emulator?.reset();
  });
  afterAll(async () => {
    await emulator?.close();
  });

  const suite: SaveAndTestSuite = {
    get emulator() {
      if (!emulator) {
        throw new Error('The emulator starts in beforeAll: read suite.emulator inside a test, not at collection time.');
      }
      return emulator;
    },
    get rig() {
      if (!rig) {
        throw new Error('No rig runs yet: call suite.saveAndTest() or suite.startRig() first in this test.');
      }
      return rig;
    },
    async startRig(jsonData, clientSecret) {
      rig = await startEditorsRig(suite.emulator, jsonData, clientSecret);
      return rig;
    },
    async saveAndTest(jsonData, clientSecret) {
      const started = await suite.startRig(jsonData, clientSecret);
      const result = await started.datasource.testDatasource();
      const seen = JSON.stringify([result, started.browserResponses, started.proxy.logLines]);
      expect(seen).not.toContain(clientSecret);
      expect(seen).not.toMatch(JWT_PATTERN);
      return result;
    },
  };
  return suite;
}
