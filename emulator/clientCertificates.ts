import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { DEMO_CLIENT_ID, TenantConfig } from './config';

export interface DemoClientCertificate {
  /** The public part, as uploaded to the app registration. */
  certPem: string;
  /** Certificate and private key, as pasted into the data source's Client certificate field. */
  pemWithKey: string;
  /** Where pemWithKey is written. */
  path: string;
}

export interface DemoClientCertificates {
  /** Uploaded to the demo app and current. */
  active: DemoClientCertificate;
  /** Uploaded to the demo app, its upload expired: Entra ID answers AADSTS700027 ("The key used is expired"). */
  retired: DemoClientCertificate;
}

let generated: Promise<Array<{ cert: string; key: string }>> | undefined;

/** Two RSA certificates for the demo app, made once per process (key generation is the slow part). */
export async function createDemoClientCertificates(certDir?: string): Promise<DemoClientCertificates> {
  generated ??= Promise.all(
    ['active', 'retired'].map((name) => makeCertificate(`Auditlens emulator demo app (${name})`))
  );
  const [active, retired] = await generated;
  const dir = certDir ?? mkdtempSync(join(tmpdir(), 'auditlens-client-cert-'));
  mkdirSync(dir, { recursive: true });
  const write = (name: string, made: { cert: string; key: string }): DemoClientCertificate => {
    const pemWithKey = `${made.cert.trim()}\n${made.key.trim()}\n`;
    const path = join(dir, name);
    writeFileSync(path, pemWithKey, { mode: 0o600 });
    return { certPem: made.cert, pemWithKey, path };
  };
  return {
    active: write('demo-client-certificate.pem', active),
    retired: write('demo-retired-certificate.pem', retired),
  };
}

/** Uploads the demo certificates to the demo app of every tenant. */
export function registerDemoCertificates(
  configs: TenantConfig[],
  certificates: DemoClientCertificates
): TenantConfig[] {
  for (const app of configs.flatMap((c) => c.apps).filter((a) => a.clientId === DEMO_CLIENT_ID)) {
    app.certificates = [{ pem: certificates.active.certPem }, { pem: certificates.retired.certPem, expired: true }];
  }
  return configs;
}

async function makeCertificate(commonName: string): Promise<{ cert: string; key: string }> {
  const now = Date.now();
  const made = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + 365 * 86_400_000),
  });
  return { cert: made.cert, key: made.private };
}
