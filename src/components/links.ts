/**
 * The plugin's own page in Grafana shows its README, which carries the app-registration steps;
 * linking there works on air-gapped Grafana servers too.
 */
export const APP_REGISTRATION_HELP_URL = '/plugins/auditlens-entraid-datasource';

export const REQUIRED_PERMISSIONS = ['AuditLog.Read.All', 'Directory.Read.All'] as const;
