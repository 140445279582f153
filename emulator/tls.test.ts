import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { createTlsMaterial } from './tls';

describe('the emulator CA', () => {
  it('is kept in the certificate directory, so a restart serves a certificate the same CA signed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-tls-'));
    const first = await createTlsMaterial([], dir);
    const second = await createTlsMaterial([], dir);
    expect(second.caCertPem).toBe(first.caCertPem);
    expect(second.cert).not.toBe(first.cert);
    const ca = new X509Certificate(first.caCertPem);
    expect(new X509Certificate(second.cert).verify(ca.publicKey)).toBe(true);
    expect(statSync(join(dir, 'emulator-ca-key.pem')).mode & 0o077).toBe(0);
  });

  it('is new in a new directory', async () => {
    const one = await createTlsMaterial([], mkdtempSync(join(tmpdir(), 'emulator-tls-')));
    const two = await createTlsMaterial([], mkdtempSync(join(tmpdir(), 'emulator-tls-')));
    expect(two.caCertPem).not.toBe(one.caCertPem);
  });
});
