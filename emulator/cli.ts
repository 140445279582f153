import { parseCli, USAGE } from './cliOptions';
import { EXPIRED_CLIENT_ID, FREE_TENANT_ID, NO_AUDIT_CLIENT_ID } from './config';
import { startEmulator } from './index';

async function main(): Promise<void> {
  const settings = parseCli(process.argv.slice(2), process.env);
  if (settings.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const emulator = await startEmulator(settings.options);
  const summary = {
    httpUrl: emulator.httpUrl,
    httpsUrl: emulator.httpsUrl,
    tenantId: emulator.tenantId,
    tenantDomain: emulator.tenantDomain,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    caCertPath: emulator.caCertPath,
    clientCertificatePath: emulator.clientCertificatePath,
    retiredCertificatePath: emulator.retiredCertificatePath,
  };
  if (settings.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    const o = settings.options;
    process.stdout.write(
      [
        'Microsoft Entra ID tenant emulator is running.',
        `  HTTP  base URL : ${emulator.httpUrl}   (login host, Microsoft Graph host and legacy Azure AD Graph host)`,
        emulator.httpsUrl
          ? `  HTTPS base URL : ${emulator.httpsUrl}   (trust ${emulator.caCertPath})`
          : '  HTTPS          : off',
        `  Token (v2)     : POST ${emulator.httpUrl}/${emulator.tenantId}/oauth2/v2.0/token  scope=${emulator.httpUrl}/.default`,
        `  Audit logs     : GET  ${emulator.httpUrl}/v1.0/auditLogs/directoryAudits`,
        `  Legacy audit   : GET  ${emulator.httpUrl}/${emulator.tenantDomain}/activities/audit?api-version=beta`,
        '',
        'Demo credentials (emulator only):',
        `  Tenant ID      : ${emulator.tenantId}  (or ${emulator.tenantDomain})`,
        `  Client ID      : ${emulator.clientId}`,
        `  Client secret  : ${emulator.clientSecret}`,
        `  Client cert    : ${emulator.clientCertificatePath}  (certificate and key, PEM; HTTPS login URL only)`,
        `  Other apps     : ${NO_AUDIT_CLIENT_ID} (no AuditLog.Read.All), ${EXPIRED_CLIENT_ID} (expired secret)`,
        `  Free tenant    : ${FREE_TENANT_ID} (7-day retention)`,
        '',
        `Seed ${o.seed}, ~${o.eventsPerDay} events/day, time scale ${o.timeScale}x, throttle ${o.throttle ? `${o.throttle.requests}/${o.throttle.perSeconds}s` : 'off'}, ` +
          `${o.live ? 'live' : 'frozen at start'}, inspection ${o.inspection ? `on (${emulator.httpUrl}/_emulator/counts)` : 'off'}.`,
        '',
      ].join('\n')
    );
  }
  const stop = () => {
    emulator.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`emulator: ${error.message}\n`);
  process.exit(2);
});
