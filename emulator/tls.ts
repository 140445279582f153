import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
  const ca = (certDir && readCa(certDir)) || (await generateCa(now, notAfter));
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
  const caCertPath = join(dir, CA_FILE);
  writeFileSync(caCertPath, ca.cert);
  // Kept beside the certificate so a later start with the same directory keeps the same CA: the
  // compose demo's Grafana reads emulator-ca.pem once, when it provisions the data sources.
  writeFileSync(join(dir, CA_KEY_FILE), ca.private, { mode: 0o600 });
  return { caCertPem: ca.cert, caCertPath, key: server.private, cert: server.cert };
}

const CA_FILE = 'emulator-ca.pem';
const CA_KEY_FILE = 'emulator-ca-key.pem';

/** A CA an earlier start left in certDir, while it is valid for at least a day more. */
function readCa(certDir: string): { cert: string; private: string } | undefined {
  try {
    const cert = readFileSync(join(certDir, CA_FILE), 'utf8');
    const key = readFileSync(join(certDir, CA_KEY_FILE), 'utf8');
    return Date.parse(new X509Certificate(cert).validTo) > Date.now() + 86_400_000 ? { cert, private: key } : undefined;
  } catch {
    return undefined;
  }
}

function generateCa(now: Date, notAfter: Date) {
  return generate([{ name: 'commonName', value: 'Auditlens Entra ID emulator CA' }], {
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
}
