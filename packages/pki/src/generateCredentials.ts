import type { ClusterConfig } from '@kube-aws/config-schema';
import { CertificateAuthority } from './CertificateAuthority.js';
import { GENERATED_SECRETS } from './generatedSecrets.js';
import { generateKeyPair } from './generateKeyPair.js';
import { importPrivateKey } from './importPrivateKey.js';
import type { KeyPair } from './KeyPair.js';
import { encodePem } from './pem.js';
import { PkiError } from './PkiError.js';
import type { CredentialSpec } from './planCredentials.js';
import { planCredentials } from './planCredentials.js';
import type { RandomSource } from './RandomSource.js';
import { webCryptoRandom } from './RandomSource.js';

export interface GenerateCredentialsOptions {
  /** @default the current time */
  readonly now?: Date;
  /** @default WebCrypto's getRandomValues */
  readonly random?: RandomSource;
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

/**
 * Makes the credentials that are missing from `existing` (file name → PEM text), reusing the CAs
 * and keys that exist, and the generated secrets (bootstrap token, encryption key) that are missing.
 * Nothing existing is replaced unless named in `forceRegenerate`.
 * @throws {PkiError} `PKI_MISSING_CA_KEY`, `PKI_UNKNOWN_CREDENTIAL`, `PKI_REFUSED_CA_REPLACEMENT`,
 * `PKI_REFUSED_ENCRYPTION_KEY_REPLACEMENT`, or a bad PEM.
 */
export async function generateCredentials(
  config: ClusterConfig,
  existing: ReadonlyMap<string, string>,
  options: GenerateCredentialsOptions = {},
): Promise<GeneratedCredentials> {
  const now = options.now ?? new Date();
  const random = options.random ?? webCryptoRandom;
  const specs = planCredentials(config);
  const forced = resolveForced(specs, options.forceRegenerate ?? [], options);
  const files = new Map<string, CredentialFile>();
  const generated: string[] = [];
  const kept: string[] = [];
  const authorities = new Map<string, CertificateAuthority | undefined>();
  const leafDays = { days: config.tlsCertDurationDays, now, random };
  const algorithm = config.pki.keyAlgorithm;

  const existingKey = async (spec: CredentialSpec): Promise<KeyPair | undefined> => {
    const pem = forced.has(spec.name) ? undefined : existing.get(spec.keyFile);
    return pem === undefined ? undefined : importPrivateKey(pem, spec.keyFile);
  };
  const record = (
    spec: CredentialSpec,
    certificatePem: string,
    keyPair: KeyPair,
    keyIsNew: boolean,
  ) => {
    files.set(spec.certificateFile, { content: certificatePem, secret: false });
    if (keyIsNew)
      files.set(spec.keyFile, {
        content: encodePem('PRIVATE KEY', keyPair.privateKeyPkcs8),
        secret: true,
      });
    generated.push(spec.name);
  };

  for (const spec of specs) {
    const complete =
      existing.has(spec.certificateFile) && existing.has(spec.keyFile) && !forced.has(spec.name);
    if (spec.kind === 'ca') {
      if (complete) {
        authorities.set(
          spec.name,
          await CertificateAuthority.fromPem(
            existing.get(spec.certificateFile)!,
            existing.get(spec.keyFile)!,
            { certificate: spec.certificateFile, key: spec.keyFile },
          ),
        );
        kept.push(spec.name);
        continue;
      }
      if (
        existing.has(spec.certificateFile) &&
        !existing.has(spec.keyFile) &&
        !forced.has(spec.name)
      ) {
        authorities.set(spec.name, undefined);
        kept.push(spec.name);
        continue;
      }
      const reused = await existingKey(spec);
      const ca = await CertificateAuthority.create(spec.profile, {
        days: config.tlsCADurationDays,
        now,
        random,
        keyAlgorithm: algorithm,
        ...(reused === undefined ? {} : { keyPair: reused }),
      });
      authorities.set(spec.name, ca);
      record(spec, ca.certificate.pem, ca.keyPair, reused === undefined);
      continue;
    }
    if (complete) {
      kept.push(spec.name);
      continue;
    }
    const reused = await existingKey(spec);
    const keyPair = reused ?? (await generateKeyPair(algorithm, random));
    if (spec.kind === 'key-pair') {
      record(spec, encodePem('PUBLIC KEY', keyPair.publicKeySpki), keyPair, reused === undefined);
      continue;
    }
    const ca = authorities.get(spec.issuer!);
    if (ca === undefined) {
      throw new PkiError(
        'PKI_MISSING_CA_KEY',
        `${spec.certificateFile} must be issued, but ${spec.issuer}-key.pem is missing: put the CA key back, or supply ${spec.certificateFile} and ${spec.keyFile} yourself`,
        { file: `${spec.issuer}-key.pem` },
      );
    }
    const certificate = await ca.issue(spec.profile, keyPair.publicKeySpki, leafDays);
    record(spec, certificate.pem, keyPair, reused === undefined);
  }
  for (const secret of GENERATED_SECRETS) {
    if (existing.has(secret.file) && !forced.has(secret.file)) {
      kept.push(secret.file);
      continue;
    }
    files.set(secret.file, { content: `${secret.generate(random)}\n`, secret: true });
    generated.push(secret.file);
  }
  return { files, generated, kept };
}
