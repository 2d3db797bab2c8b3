import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ENCRYPTION_KEY_PATTERN,
  GENERATED_SECRETS,
  generateCredentials,
  PkiError,
  planCredentials,
  readCertificateDer,
  decodePem,
  readCertificateInfo,
} from '../src/index.js';
import { clusterConfig, contents, NOW } from './helpers.js';

const config = clusterConfig();
const allFiles = [
  ...planCredentials(config).flatMap((spec) => [spec.certificateFile, spec.keyFile]),
  'bootstrap-token',
  'encryption-key',
];
const SECRETS = ['bootstrap-token', 'encryption-key'];

function info(pem: string) {
  return readCertificateInfo(
    readCertificateDer(decodePem('CERTIFICATE', pem, 'x.pem')).certificate,
  );
}

/** Records the WebCrypto key operations made while `run` runs: 'generateKey ECDSA', 'importKey pkcs8', … */
async function keyOperations(run: () => Promise<unknown>): Promise<string[]> {
  const operations: string[] = [];
  const subtle = crypto.subtle;
  vi.spyOn(subtle, 'generateKey').mockImplementation(function (this: SubtleCrypto, ...args) {
    operations.push(`generateKey ${(args[0] as Algorithm).name}`);
    return SubtleCrypto.prototype.generateKey.apply(this, args) as never;
  });
  vi.spyOn(subtle, 'importKey').mockImplementation(function (this: SubtleCrypto, ...args) {
    operations.push(`importKey ${args[0]}`);
    return SubtleCrypto.prototype.importKey.apply(this, args) as never;
  });
  vi.spyOn(subtle, 'exportKey').mockImplementation(function (this: SubtleCrypto, ...args) {
    operations.push(`exportKey ${args[0]}`);
    return SubtleCrypto.prototype.exportKey.apply(this, args) as never;
  });
  vi.spyOn(subtle, 'sign').mockImplementation(function (this: SubtleCrypto, ...args) {
    operations.push('sign');
    return SubtleCrypto.prototype.sign.apply(this, args) as never;
  });
  try {
    await run();
  } finally {
    vi.restoreAllMocks();
  }
  return operations;
}

afterEach(() => vi.restoreAllMocks());

describe(generateCredentials, () => {
  it('makes every file of the plan when none exists, keys marked secret', async () => {
    const set = await generateCredentials(config, new Map(), { now: NOW });
    expect([...set.files.keys()].sort()).toEqual([...allFiles].sort());
    for (const [name, file] of set.files)
      expect(file.secret, name).toBe(name.endsWith('-key.pem') || SECRETS.includes(name));
    expect(set.kept).toEqual([]);
  });

  it('makes a new key for every credential, each from WebCrypto, and every one different', async () => {
    let set;
    const operations = await keyOperations(async () => {
      set = await generateCredentials(config, new Map(), { now: NOW });
    });
    const keys = planCredentials(config).map((spec) => set!.files.get(spec.keyFile)!.content);
    expect(new Set(keys).size).toBe(keys.length);
    expect(operations.filter((item) => item.startsWith('generateKey'))).toEqual(
      keys.map(() => 'generateKey ECDSA'),
    );
    // Certificates, not keys, are what two runs share: a second run makes other keys.
    const again = await generateCredentials(config, new Map(), { now: NOW });
    expect(again.files.get('ca-key.pem')!.content).not.toBe(set!.files.get('ca-key.pem')!.content);
  });

  it('keeps everything that exists: a second run makes nothing and does no key work', async () => {
    const first = contents(await generateCredentials(config, new Map()));
    let second;
    const operations = await keyOperations(async () => {
      second = await generateCredentials(config, first);
    });
    expect(operations).toEqual([]);
    expect(second!.files.size).toBe(0);
    expect(second!.generated).toEqual([]);
    expect(second!.kept).toHaveLength(planCredentials(config).length + GENERATED_SECRETS.length);
  });

  it("imports a CA's key only to issue a certificate, and takes its public key from its certificate", async () => {
    const first = contents(await generateCredentials(config, new Map()));
    first.delete('front-proxy-client.pem');
    first.delete('front-proxy-client-key.pem');
    let again;
    const operations = await keyOperations(async () => {
      again = await generateCredentials(config, first);
    });
    // The new leaf's key, then front-proxy-ca's key (and no other CA's) to sign with.
    expect(operations).toEqual([
      'generateKey ECDSA',
      'exportKey spki',
      'importKey pkcs8',
      'sign',
      'exportKey pkcs8',
    ]);
    expect([...again!.files.keys()].sort()).toEqual([
      'front-proxy-client-key.pem',
      'front-proxy-client.pem',
    ]);
  });

  it('certifies a kept key again through its own public members when its certificate is gone', async () => {
    const first = contents(await generateCredentials(config, new Map()));
    first.delete('admin.pem');
    let again;
    const operations = await keyOperations(async () => {
      again = await generateCredentials(config, first);
    });
    expect(operations.filter((item) => item.startsWith('generateKey'))).toEqual([]);
    expect(operations).toContain('exportKey jwk');
    const certificate = readCertificateDer(
      decodePem('CERTIFICATE', again!.files.get('admin.pem')!.content, 'admin.pem'),
    ).certificate;
    const publicKey = await crypto.subtle.importKey(
      'spki',
      certificate.subjectPublicKeyInfo.toSchema().toBER(false),
      { name: 'ECDSA', namedCurve: 'P-256' },
      true,
      ['verify'],
    );
    const keyPem = first.get('admin-key.pem')!;
    const privateKey = await crypto.subtle.importKey(
      'pkcs8',
      decodePem('PRIVATE KEY', keyPem, 'admin-key.pem') as BufferSource,
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['sign'],
    );
    const data = new TextEncoder().encode('kube-aws');
    const algorithm = { name: 'ECDSA', hash: 'SHA-256' };
    const signature = await crypto.subtle.sign(algorithm, privateKey, data);
    expect(await crypto.subtle.verify(algorithm, publicKey, signature, data)).toBe(true);
  });

  it('generates all the RSA keys it needs at once, not one after another', async () => {
    const rsa = clusterConfig('pki:\n  keyAlgorithm: rsa-2048\n');
    let running = 0;
    let most = 0;
    const generateKey = SubtleCrypto.prototype.generateKey;
    vi.spyOn(crypto.subtle, 'generateKey').mockImplementation(async function (
      this: SubtleCrypto,
      ...args
    ) {
      running++;
      most = Math.max(most, running);
      try {
        return (await generateKey.apply(this, args)) as never;
      } finally {
        running--;
      }
    });
    const set = await generateCredentials(rsa, new Map());
    expect(most).toBe(planCredentials(rsa).length);
    expect(info(set.files.get('ca.pem')!.content).keyType).toBe('RSA 2048');
  });

  it('makes the encryption key once and keeps it after that', async () => {
    const first = await generateCredentials(config, new Map(), { now: NOW });
    const key = first.files.get('encryption-key')!;
    expect(key.secret).toBe(true);
    expect(key.content).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
    expect(key.content.trim()).toMatch(ENCRYPTION_KEY_PATTERN);
    expect(first.generated).toContain('encryption-key');
    const withoutCa = contents(first);
    withoutCa.delete('ca.pem');
    withoutCa.delete('ca-key.pem');
    const again = await generateCredentials(config, withoutCa);
    expect(again.files.has('encryption-key')).toBe(false);
    expect(again.kept).toContain('encryption-key');
  });

  it('refuses to replace the encryption key unless allowed, and then makes a new one', async () => {
    const first = contents(await generateCredentials(config, new Map()));
    const refused = await generateCredentials(config, first, {
      forceRegenerate: ['encryption-key'],
      allowCaReplacement: true,
    }).catch((caught: unknown) => caught);
    expect(PkiError.is(refused)).toBe(true);
    expect(refused).toMatchObject({
      code: 'PKI_REFUSED_ENCRYPTION_KEY_REPLACEMENT',
      file: 'encryption-key',
    });
    expect((refused as PkiError).message).toContain(
      'every Secret the API server stored in etcd becomes unreadable',
    );
    expect((refused as PkiError).message).toContain(
      '--i-understand-this-replaces-the-encryption-key',
    );
    const replaced = await generateCredentials(config, first, {
      forceRegenerate: ['encryption-key'],
      allowEncryptionKeyReplacement: true,
    });
    expect([...replaced.files.keys()]).toEqual(['encryption-key']);
    expect(replaced.files.get('encryption-key')!.content).not.toBe(first.get('encryption-key'));
  });

  it('remakes the bootstrap token when named, without asking more', async () => {
    const first = contents(await generateCredentials(config, new Map()));
    const again = await generateCredentials(config, first, {
      forceRegenerate: ['bootstrap-token'],
    });
    expect([...again.files.keys()]).toEqual(['bootstrap-token']);
    expect(again.files.get('bootstrap-token')!.content).not.toBe(first.get('bootstrap-token'));
  });

  it('has no certificates for the components a controller makes its own at boot', () => {
    const names = planCredentials(config).map((spec) => spec.name);
    expect(names).not.toContain('controller-manager');
    expect(names).not.toContain('scheduler');
    expect(names).toContain('admin');
  });

  it('remakes only a deleted leaf, signed by the same CA, keeping its key when the key is left', async () => {
    const first = contents(await generateCredentials(config, new Map()));
    const withoutCert = new Map(first);
    withoutCert.delete('apiserver.pem');
    const again = await generateCredentials(config, withoutCert);
    expect([...again.files.keys()]).toEqual(['apiserver.pem']);
    expect(info(again.files.get('apiserver.pem')!.content).issuer).toBe('CN=kube-ca');
    const withoutBoth = new Map(first);
    withoutBoth.delete('apiserver.pem');
    withoutBoth.delete('apiserver-key.pem');
    expect([...(await generateCredentials(config, withoutBoth)).files.keys()].sort()).toEqual([
      'apiserver-key.pem',
      'apiserver.pem',
    ]);
  });

  it('remakes a named leaf with --force-regenerate, by name or file name', async () => {
    const first = contents(await generateCredentials(config, new Map()));
    expect(
      [
        ...(await generateCredentials(config, first, { forceRegenerate: ['admin'] })).files.keys(),
      ].sort(),
    ).toEqual(['admin-key.pem', 'admin.pem']);
    expect(
      [
        ...(
          await generateCredentials(config, first, { forceRegenerate: ['worker.pem'] })
        ).files.keys(),
      ].sort(),
    ).toEqual(['worker-key.pem', 'worker.pem']);
  });

  it('refuses to replace a CA unless allowed, and then remakes all it signed', async () => {
    const first = contents(await generateCredentials(config, new Map()));
    await expect(
      generateCredentials(config, first, { forceRegenerate: ['ca-key.pem'] }),
    ).rejects.toMatchObject({ code: 'PKI_REFUSED_CA_REPLACEMENT', file: 'ca-key.pem' });
    const replaced = await generateCredentials(config, first, {
      forceRegenerate: ['ca'],
      allowCaReplacement: true,
    });
    const signedByCa = planCredentials(config)
      .filter((spec) => spec.issuer === 'ca')
      .map((spec) => spec.name);
    expect(replaced.generated).toEqual(['ca', ...signedByCa]);
    expect(replaced.files.get('ca-key.pem')!.content).not.toBe(first.get('ca-key.pem'));
    expect(replaced.files.has('encryption-key')).toBe(false);
  });

  it('says which CA key is missing when a leaf must be issued', async () => {
    const first = contents(await generateCredentials(config, new Map()));
    first.delete('etcd-ca-key.pem');
    first.delete('etcd-server.pem');
    const error = await generateCredentials(config, first).catch((caught: unknown) => caught);
    expect(PkiError.is(error)).toBe(true);
    expect((error as PkiError).code).toBe('PKI_MISSING_CA_KEY');
    expect((error as PkiError).message).toContain(
      'etcd-server.pem must be issued, but etcd-ca-key.pem is missing',
    );
  });

  it('rejects an unknown credential name, listing the real ones', async () => {
    await expect(
      generateCredentials(config, new Map(), { forceRegenerate: ['apiservr'] }),
    ).rejects.toThrow(
      /apiservr is not a credential; the credentials are ca, etcd-ca, .*, bootstrap-token, encryption-key$/,
    );
  });

  it('gives the CA tlsCADurationDays and leaves tlsCertDurationDays, backdated five minutes', async () => {
    const set = await generateCredentials(config, new Map(), { now: NOW });
    const ca = info(set.files.get('ca.pem')!.content);
    const leaf = info(set.files.get('apiserver.pem')!.content);
    const day = 86_400_000;
    expect(ca.notBefore.getTime()).toBe(NOW.getTime() - 5 * 60_000);
    expect(ca.notAfter.getTime()).toBe(NOW.getTime() + 365 * day);
    expect(leaf.notAfter.getTime()).toBe(NOW.getTime() + 90 * day);
  });

  it('never lets a leaf outlive its CA', async () => {
    const first = contents(await generateCredentials(config, new Map(), { now: NOW }));
    first.delete('admin.pem');
    const later = new Date(NOW.getTime() + 300 * 86_400_000);
    const again = await generateCredentials(config, first, { now: later });
    expect(info(again.files.get('admin.pem')!.content).notAfter).toEqual(
      info(first.get('ca.pem')!).notAfter,
    );
  });

  it('uses random, positive serials of at least 64 bits', async () => {
    const set = await generateCredentials(config, new Map());
    const serials = [...set.files]
      .filter(([name, file]) => !file.secret && name !== 'service-account.pem')
      .map(
        ([, file]) =>
          readCertificateDer(decodePem('CERTIFICATE', file.content, 'x')).certificate.serialNumber
            .valueBlock.valueHexView,
      );
    expect(new Set(serials.map((serial) => [...serial].join(','))).size).toBe(serials.length);
    for (const serial of serials) {
      expect(serial[0]! & 0x80).toBe(0);
      expect(serial.length * 8).toBeGreaterThanOrEqual(64);
    }
  });
});
