import { createTlsMaterial } from './tls';

/**
 * Writes the emulator's CA (emulator-ca.pem and its key) to the directory named on the command
 * line and exits: the compose demo runs it before Grafana starts, so Grafana's provisioning can read
 * the CA that the emulator, started with the same --cert-dir, then signs its HTTPS certificate with.
 */
const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: tsx emulator/makeCa.ts DIR\n');
  process.exit(2);
}
createTlsMaterial([], dir).then(
  (tls) => process.stdout.write(`emulator CA: ${tls.caCertPath}\n`),
  (error: Error) => {
    process.stderr.write(`emulator CA: ${error.message}\n`);
    process.exit(1);
  }
);
