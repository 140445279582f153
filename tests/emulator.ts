/**
 * Where the specs find the tenant emulator and its demo app. Grafana's server, not the browser,
 * calls it, so the workflow runs Grafana with host networking and the emulator on 127.0.0.1
 * (plain http is accepted for loopback endpoints only).
 */
export const EMULATOR_URL = process.env.EMULATOR_URL ?? 'http://127.0.0.1:8080';
export {
  DEMO_TENANT_ID as TENANT_ID,
  DEMO_CLIENT_ID as CLIENT_ID,
  DEMO_CLIENT_SECRET as CLIENT_SECRET,
  NO_AUDIT_CLIENT_ID,
  NO_AUDIT_CLIENT_SECRET,
} from '../emulator/config';
