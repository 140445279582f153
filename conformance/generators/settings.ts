/** Generated data source settings (jsonData), valid and invalid, for the differential test. */
import fc from 'fast-check';

import { AuditSettings } from '../../src/core/model/settings';
import { oddText } from './oddText';

const CLOUDS = ['azure', 'usgov', 'usgovdod', 'china', 'custom'];
const APIS = ['msgraph-v1', 'msgraph-beta', 'legacy'];

const TENANTS = [
  '72f988bf-86f1-41af-91ab-2d7cd011db47',
  'contoso.onmicrosoft.com',
  'contoso',
  'contoso.com',
  ' contoso.com ',
  'CONTOSO.ONMICROSOFT.COM',
  'a..b',
  '-leading-dash.com',
  'trailing.dot.',
  'x/../y',
  'ténant.com',
  'common',
  'a b',
  '',
];

const ENDPOINTS = [
  'https://graph.example.com',
  'https://graph.example.com/',
  'https://graph.example.com/prefix',
  'https://graph.example.com:8443',
  'http://localhost:8080',
  'http://127.0.0.1:9',
  'http://[::1]:3000',
  'http://graph.example.com',
  'https://graph.example.com?',
  'https://graph.example.com#',
  'https://graph.example.com/?a=b',
  'https://graph.example.com/#frag',
  'https://user:pass@graph.example.com',
  'https://graph.example.com/a/../b',
  'https://graph.example.com/%2e%2e/x',
  ' https://graph.example.com ',
  'HTTPS://GRAPH.EXAMPLE.COM',
  'ftp://graph.example.com',
  'graph.example.com',
  'not a url',
  '',
];

/** Numbers a settings form or a provisioning file might hold, valid or not. */
function settingNumber(typical: number[]): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...typical) },
    { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, 2 ** 31, 2 ** 53, 1e300) },
    { weight: 1, arbitrary: fc.integer({ min: -10, max: 5000 }) }
  );
}

/**
 * Login URLs the backend can sign in to: the endpoint rule lets plain http through on loopback, which
 * Grafana's proxy routes (the browser's sign-in) accept, but the backend signs in through Microsoft's
 * Azure Identity library, which sends credentials over HTTPS only. Sign-in is outside both engines,
 * so the differential leaves those URLs out of the login; the endpoint rule's own vectors keep them.
 */
const LOGIN_ENDPOINTS = ENDPOINTS.filter((e) => !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(e));

/** Mostly settings an admin would save, so the queries get walked; sometimes anything. */
export function settingsArbitrary(): fc.Arbitrary<AuditSettings> {
  return fc.oneof({ weight: 3, arbitrary: plausibleSettings() }, { weight: 1, arbitrary: wildSettings() });
}

function plausibleSettings(): fc.Arbitrary<AuditSettings> {
  return fc
    .record(
      {
        cloud: fc.constantFrom('azure', 'usgov', 'china', 'custom'),
        api: fc.constantFrom(...APIS),
        tenantId: fc.constantFrom(TENANTS[0], TENANTS[1]),
        clientId: fc.constant('11111111-2222-3333-4444-555555555555'),
        loginUrl: fc.constantFrom(ENDPOINTS[0], ENDPOINTS[3]),
        graphUrl: fc.constantFrom(ENDPOINTS[0], ENDPOINTS[2], ENDPOINTS[4]),
        legacyGraphUrl: fc.constantFrom(ENDPOINTS[0], ENDPOINTS[4]),
        maxEvents: fc.constantFrom(1, 2, 3, 5, 10, 1000),
        retentionDays: fc.constantFrom(1, 7, 30),
        requestBudget: fc.record({ requests: fc.constantFrom(1, 5, 20), perSeconds: fc.constantFrom(1, 10) }),
      },
      { requiredKeys: ['cloud', 'tenantId', 'clientId', 'loginUrl', 'graphUrl', 'legacyGraphUrl'] }
    )
    .map((settings) => settings as AuditSettings);
}

function wildSettings(): fc.Arbitrary<AuditSettings> {
  return fc
    .record(
      {
        cloud: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...CLOUDS) }, fc.constantFrom('Azure', 'germany', '')),
        api: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...APIS) }, fc.constantFrom('v2', 'MSGRAPH-V1', '')),
        tenantId: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...TENANTS) }, oddText()),
        clientId: fc.constantFrom('11111111-2222-3333-4444-555555555555', ' app ', ''),
        loginUrl: fc.constantFrom(...LOGIN_ENDPOINTS),
        graphUrl: fc.constantFrom(...ENDPOINTS),
        legacyGraphUrl: fc.constantFrom(...ENDPOINTS),
        maxEvents: settingNumber([1, 2, 3, 5, 10, 1000, 100_000]),
        retentionDays: settingNumber([1, 7, 30, 365]),
        requestBudget: fc.record({
          requests: settingNumber([1, 5, 20]),
          perSeconds: settingNumber([1, 10, 60]),
        }),
      },
      // Every key may be missing, as in a settings form never saved or a partial provisioning file.
      { requiredKeys: ['tenantId', 'clientId'] }
    )
    .map((settings) => settings as AuditSettings);
}
