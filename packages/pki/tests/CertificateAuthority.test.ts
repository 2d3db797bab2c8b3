import { describe, expect, it } from 'vitest';
import {
  CertificateAuthority,
  exportPrivateKey,
  generateCredentials,
  generateKeyPair,
  PkiError,
} from '../src/index.js';
import { clusterConfig, NOW } from './helpers.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const PROFILE = { subject: { commonName: 'kube-ca' } };
const LEAF = { subject: { commonName: 'leaf' }, extendedKeyUsages: ['clientAuth' as const] };

/** A CA made by pki as if `now` were `madeAt`, valid for `days`. */
function caMadeAt(madeAt: Date, days: number): Promise<CertificateAuthority> {
  return CertificateAuthority.create(PROFILE, { days, now: madeAt, keyAlgorithm: 'ecdsa-p256' });
}

async function issueAt(ca: CertificateAuthority, now: Date): Promise<unknown> {
  const { publicKeySpki } = await generateKeyPair('ecdsa-p256');
  return ca.issue(LEAF, publicKeySpki, { days: 30, now });
}

describe(CertificateAuthority, () => {
  it('issues while it is valid, until its own notAfter at the latest', async () => {
    const ca = await caMadeAt(NOW, 10);
    await expect(issueAt(ca, new Date(NOW.getTime() + 9 * DAY_MS))).resolves.toBeDefined();
  });

  it('refuses to issue once expired, with the fix', async () => {
    const ca = await caMadeAt(new Date(NOW.getTime() - 20 * DAY_MS), 10);
    const refusal = await issueAt(ca, NOW).catch((error: unknown) => error);
    expect(PkiError.is(refusal) && refusal.code).toBe('PKI_INVALID_CREDENTIAL');
    expect((refusal as Error).message).toMatch(/expired on .*--i-understand-this-replaces-the-ca/);
  });

  it('refuses to issue before it is valid (beyond the clock-skew allowance)', async () => {
    const ca = await caMadeAt(new Date(NOW.getTime() + DAY_MS), 10);
    const refusal = await issueAt(ca, NOW).catch((error: unknown) => error);
    expect(PkiError.is(refusal) && refusal.code).toBe('PKI_INVALID_CREDENTIAL');
    expect((refusal as Error).message).toMatch(/is not valid before .*check this machine's clock/);
    // A clock a minute behind the machine that made the CA is within the allowance.
    const skewed = await caMadeAt(new Date(NOW.getTime() + 60_000), 10);
    await expect(issueAt(skewed, NOW)).resolves.toBeDefined();
  });
});

describe('generateCredentials with an expired CA', () => {
  it('throws naming ca.pem, before returning any leaf', async () => {
    const config = clusterConfig();
    const fresh = await generateCredentials(config, new Map(), {
      now: new Date(NOW.getTime() - 4000 * DAY_MS),
    });
    // Keep only the CA (certificate and key): every leaf under it must be issued now.
    const ca = await caMadeAt(new Date(NOW.getTime() - 4000 * DAY_MS), 1);
    const existing = new Map([...fresh.files].map(([name, file]) => [name, file.content]));
    existing.set('ca.pem', ca.certificate.pem);
    existing.set('ca-key.pem', await exportPrivateKey(ca.keyPair));
    existing.delete('apiserver.pem');
    existing.delete('apiserver-key.pem');
    const refusal = await generateCredentials(config, existing, { now: NOW }).catch(
      (error: unknown) => error,
    );
    expect(PkiError.is(refusal) && refusal.file).toBe('ca.pem');
    expect((refusal as Error).message).toMatch(
      /^ca\.pem expired on .* --force-regenerate=ca --i-understand-this-replaces-the-ca/,
    );
  });
});
