/**
 * Where the specs find the tenant emulator and its demo app. Grafana's server, not the browser,
 * calls it, so the workflow runs Grafana with host networking and the emulator on 127.0.0.1
 * (plain http is accepted for loopback endpoints only).
 */
export const EMULATOR_URL = process.env.EMULATOR_URL ?? 'http://127.0.0.1:8080';
export const TENANT_ID = 'c0de0000-0000-4000-8000-000000000001';
export const CLIENT_ID = 'a0d17000-0000-4000-8000-000000000001';
export const CLIENT_SECRET = 'emulator-demo-secret';
export const NO_AUDIT_CLIENT_ID = 'a0d17000-0000-4000-8000-000000000002';
export const NO_AUDIT_CLIENT_SECRET = 'emulator-no-audit-secret';
