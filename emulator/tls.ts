import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface TlsMaterial {
  caCertPem: string;
  caCertPath: string;
  key: string;
  cert: string;
}

/**
 * A throwaway CA and a server certificate it signs, made at start-up. Clients trust the CA file
 * (NODE_EXTRA_CA_CERTS, curl --cacert, Go's x509 pool) and nothing else needs to change.
 */
export async function createTlsMaterial(hostnames: string[], certDir?: string): Promise<TlsMaterial> {
  const now = new Date();
  const notAfter = new Date(now.getTime() + 30 * 86_400_000);
  const ca = await generate([{ name: 'commonName', value: 'Auditlens Entra ID emulator CA' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const names = Array.from(new Set(['localhost', ...hostnames]));
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: notAfter,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...names.map((value) => ({ type: 2 as const, value })),
          { type: 7 as const, ip: '127.0.0.1' },
          { type: 7 as const, ip: '::1' },
        ],
      },
    ],
  });
  const dir = certDir ?? mkdtempSync(join(tmpdir(), 'auditlens-emulator-'));
  mkdirSync(dir, { recursive: true });
  const caCertPath = join(dir, 'emulator-ca.pem');
  writeFileSync(caCertPath, ca.cert);
  return { caCertPem: ca.cert, caCertPath, key: server.private, cert: server.cert };
}
