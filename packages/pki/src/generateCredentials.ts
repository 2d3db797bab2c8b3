import type { ClusterConfig } from '@kube-aws/config-schema';
import { CertificateAuthority } from './CertificateAuthority.js';
import { GENERATED_SECRETS } from './generatedSecrets.js';
import { generateKeyPair } from './generateKeyPair.js';
import { importPrivateKey } from './importPrivateKey.js';
import { encodePem } from './pem.js';
import { exportPrivateKey } from './exportPrivateKey.js';
import { PkiError } from './PkiError.js';
import type { CredentialSpec } from './planCredentials.js';
import { planCredentials } from './planCredentials.js';

export interface GenerateCredentialsOptions {
  /** @default the current time */
  readonly now?: Date;
  /** Credentials to make anew although their files exist: names (`apiserver`) or file names. */
  readonly forceRegenerate?: readonly string[];
  /** Must be true to replace a CA, which invalidates every certificate the CA signed. */
  readonly allowCaReplacement?: boolean;
  /** Must be true to replace `encryption-key`, which makes every Secret stored in etcd unreadable. */
  readonly allowEncryptionKeyReplacement?: boolean;
}

/** A file to write into credentials/. */
export interface CredentialFile {
  readonly content: string;
  /** Private keys: written with mode 0600 and never logged. */
  readonly secret: boolean;
}

export interface GeneratedCredentials {
  /** The files that are new or replaced, by file name. Files not listed stay as they are. */
  readonly files: ReadonlyMap<string, CredentialFile>;
  /** Names of the credentials made (or re-made) in this run. */
  readonly generated: readonly string[];
  /** Names of the credentials kept as they were. */
  readonly kept: readonly string[];
}

function resolveForced(
  specs: readonly CredentialSpec[],
  names: readonly string[],
  options: GenerateCredentialsOptions,
): Set<string> {
  const forced = new Set<string>();
  for (const name of names) {
    const secret = GENERATED_SECRETS.find((item) => item.file === name);
    if (secret !== undefined) {
      if (
        secret.replacementWarning !== undefined &&
        options.allowEncryptionKeyReplacement !== true
      ) {
        throw new PkiError(
          'PKI_REFUSED_ENCRYPTION_KEY_REPLACEMENT',
          `regenerating ${secret.file} replaces it, and ${secret.replacementWarning}; add --i-understand-this-replaces-the-encryption-key if that is what you want`,
          { file: secret.file },
        );
      }
      forced.add(name);
      continue;
    }
    const spec = specs.find(
      (item) => item.name === name || item.certificateFile === name || item.keyFile === name,
    );
    if (spec === undefined) {
      throw new PkiError(
        'PKI_UNKNOWN_CREDENTIAL',
        `${name} is not a credential; the credentials are ${[...specs.map((item) => item.name), ...GENERATED_SECRETS.map((item) => item.file)].join(', ')}`,
      );
    }
    if (spec.kind === 'ca' && options.allowCaReplacement !== true) {
      throw new PkiError(
        'PKI_REFUSED_CA_REPLACEMENT',
        `regenerating ${spec.name} replaces ${spec.keyFile}, and every certificate it signed stops working on running nodes; add --i-understand-this-replaces-the-ca if that is what you want`,
        { file: spec.keyFile },
      );
    }
    forced.add(spec.name);
    if (spec.kind === 'ca')
      for (const item of specs) if (item.issuer === spec.name) forced.add(item.name);
  }
  return forced;
}

/** A credential to make in this run, with the key it gets. */
interface Pending {
  readonly spec: CredentialSpec;
  /** The existing key file to certify again, or undefined for a new key. */
  readonly keyPem: string | undefined;
}

/**
 * Makes the credentials that are missing from `existing` (file name → PEM text), reusing the CAs
 * and keys that exist, and the generated secrets (bootstrap token, encryption key) that are missing.
 * Nothing existing is replaced unless named in `forceRegenerate`. Complete credentials are not read
 * at all, and a CA's key is imported only when a certificate must be issued with it; the new keys
 * are generated together (RSA in WebCrypto's thread pool).
 * @throws {PkiError} `PKI_MISSING_CA_KEY`, `PKI_UNKNOWN_CREDENTIAL`, `PKI_REFUSED_CA_REPLACEMENT`,
 * `PKI_REFUSED_ENCRYPTION_KEY_REPLACEMENT`, or a bad PEM.
 */
export async function generateCredentials(
  config: ClusterConfig,
  existing: ReadonlyMap<string, string>,
  options: GenerateCredentialsOptions = {},
): Promise<GeneratedCredentials> {
  const now = options.now ?? new Date();
  const specs = planCredentials(config);
  const forced = resolveForced(specs, options.forceRegenerate ?? [], options);
  const algorithm = config.pki.keyAlgorithm;
  const files = new Map<string, CredentialFile>();
  const generated: string[] = [];
  const kept: string[] = [];

  const pending: Pending[] = [];
  const casWithoutKey = new Set<string>();
  for (const spec of specs) {
    const hasCertificate = existing.has(spec.certificateFile) && !forced.has(spec.name);
    const keyPem = forced.has(spec.name) ? undefined : existing.get(spec.keyFile);
    // A CA certificate without its key is kept: what it signed still works, nothing new can be.
    if (hasCertificate && (keyPem !== undefined || spec.kind === 'ca')) {
      kept.push(spec.name);
      if (keyPem === undefined) casWithoutKey.add(spec.name);
      continue;
    }
    if (spec.issuer !== undefined && casWithoutKey.has(spec.issuer)) {
      throw new PkiError(
        'PKI_MISSING_CA_KEY',
        `${spec.certificateFile} must be issued, but ${spec.issuer}-key.pem is missing: put the CA key back, or supply ${spec.certificateFile} and ${spec.keyFile} yourself`,
        { file: `${spec.issuer}-key.pem` },
      );
    }
    pending.push({ spec, keyPem });
  }

  // Every key at once (RSA in WebCrypto's thread pool); each credential is then made as soon as its
  // key is there, a certificate waiting only for its CA.
  const keyPairs = pending.map(({ spec, keyPem }) =>
    keyPem === undefined ? generateKeyPair(algorithm) : importPrivateKey(keyPem, spec.keyFile),
  );
  const authorities = new Map<string, Promise<CertificateAuthority>>();
  for (const [index, { spec }] of pending.entries()) {
    if (spec.kind !== 'ca') continue;
    const validity = { days: config.tlsCADurationDays, now, keyAlgorithm: algorithm };
    authorities.set(
      spec.name,
      keyPairs[index]!.then((keyPair) =>
        CertificateAuthority.create(spec.profile, { ...validity, keyPair }),
      ),
    );
  }
  // A kept CA is read only now, when a certificate must be issued with it.
  const authority = (name: string): Promise<CertificateAuthority> => {
    let ca = authorities.get(name);
    if (ca === undefined) {
      const files = { certificate: `${name}.pem`, key: `${name}-key.pem` };
      ca = CertificateAuthority.fromPem(
        existing.get(files.certificate)!,
        existing.get(files.key)!,
        files,
      );
      authorities.set(name, ca);
    }
    return ca;
  };
  const made = await Promise.all(
    pending.map(async ({ spec, keyPem }, index) => {
      const keyPair = await keyPairs[index]!;
      let certificate: string;
      if (spec.kind === 'ca') {
        certificate = (await authority(spec.name)).certificate.pem;
      } else if (spec.kind === 'key-pair') {
        certificate = encodePem('PUBLIC KEY', keyPair.publicKeySpki);
      } else {
        const ca = await authority(spec.issuer!);
        const validity = { days: config.tlsCertDurationDays, now };
        certificate = (await ca.issue(spec.profile, keyPair.publicKeySpki, validity)).pem;
      }
      const key = keyPem === undefined ? await exportPrivateKey(keyPair) : undefined;
      return { certificate, key };
    }),
  );
  for (const [index, { spec }] of pending.entries()) {
    const { certificate, key } = made[index]!;
    files.set(spec.certificateFile, { content: certificate, secret: false });
    if (key !== undefined) files.set(spec.keyFile, { content: key, secret: true });
    generated.push(spec.name);
  }
  for (const secret of GENERATED_SECRETS) {
    if (existing.has(secret.file) && !forced.has(secret.file)) {
      kept.push(secret.file);
      continue;
    }
    files.set(secret.file, { content: `${secret.generate()}\n`, secret: true });
    generated.push(secret.file);
  }
  return { files, generated, kept };
}
