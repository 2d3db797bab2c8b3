import type { KeyAlgorithm } from '@kube-aws/config-schema';
import type { CertificateProfile, IssuedCertificate } from './issueCertificate.js';
import { issueCertificate, readCertificateDer } from './issueCertificate.js';
import type { KeyPair } from './KeyPair.js';
import { generateKeyPair } from './generateKeyPair.js';
import { importPrivateKey } from './importPrivateKey.js';
import { decodePem } from './pem.js';
import { PkiError } from './PkiError.js';

/** How far notBefore is set back, so nodes with a slightly slow clock accept new certificates. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ValidityOptions {
  readonly days: number;
  readonly now: Date;
}

/** A CA: its certificate and the key that signs with it. */
export class CertificateAuthority {
  private constructor(
    readonly certificate: IssuedCertificate,
    readonly keyPair: KeyPair,
    /** The certificate's file, for messages; undefined for a CA made in memory. */
    private readonly file: string = 'the CA certificate',
  ) {}

  /** A new self-signed CA, with a new key unless `keyPair` is given. */
  static async create(
    profile: CertificateProfile,
    options: ValidityOptions & { keyAlgorithm: KeyAlgorithm; keyPair?: KeyPair },
  ): Promise<CertificateAuthority> {
    const keyPair = options.keyPair ?? (await generateKeyPair(options.keyAlgorithm));
    const certificate = await issueCertificate({
      profile: { ...profile, isCA: true },
      publicKeySpki: keyPair.publicKeySpki,
      signer: keyPair,
      notBefore: new Date(options.now.getTime() - CLOCK_SKEW_MS),
      notAfter: new Date(options.now.getTime() + options.days * DAY_MS),
    });
    return new CertificateAuthority(certificate, keyPair);
  }

  /** A CA read from its PEM files; its public key is the certificate's, so nothing is derived. */
  static async fromPem(
    certificatePem: string,
    keyPem: string,
    files: { certificate: string; key: string },
  ): Promise<CertificateAuthority> {
    const certificate = readCertificateDer(
      decodePem('CERTIFICATE', certificatePem, files.certificate),
    );
    const publicKeySpki = new Uint8Array(
      certificate.certificate.subjectPublicKeyInfo.toSchema().toBER(false),
    );
    return new CertificateAuthority(
      certificate,
      await importPrivateKey(keyPem, files.key, { publicKeySpki }),
      files.certificate,
    );
  }

  /** When the CA certificate expires; no certificate it issues outlives it. */
  get notAfter(): Date {
    return this.certificate.certificate.notAfter.value;
  }

  /** When the CA certificate starts to be valid. */
  get notBefore(): Date {
    return this.certificate.certificate.notBefore.value;
  }

  /**
   * Refuses a CA that is not valid at `now`: what it signed would fail on every node. The same
   * tolerance as checkCredentials for a clock slightly behind.
   * @throws {PkiError} `PKI_INVALID_CREDENTIAL` naming the CA's file, with the fix.
   */
  assertValidAt(now: Date): void {
    const name = this.file.endsWith('.pem') ? this.file.slice(0, -4) : '<the CA>';
    if (this.notAfter.getTime() <= now.getTime())
      throw new PkiError(
        'PKI_INVALID_CREDENTIAL',
        `${this.file} expired on ${this.notAfter.toISOString()}, so nothing it signs would be trusted; make a new CA (and everything it signed) with --force-regenerate=${name} --i-understand-this-replaces-the-ca, then update the cluster`,
        { file: this.file },
      );
    if (this.notBefore.getTime() > now.getTime() + CLOCK_SKEW_MS)
      throw new PkiError(
        'PKI_INVALID_CREDENTIAL',
        `${this.file} is not valid before ${this.notBefore.toISOString()} and it is ${now.toISOString()} here: check this machine's clock, or the CA's dates`,
        { file: this.file },
      );
  }

  /**
   * Issues a leaf certificate for a public key, valid for `days` or until the CA expires.
   * @throws {PkiError} `PKI_INVALID_CREDENTIAL` when the CA is not valid at `now`.
   */
  async issue(
    profile: CertificateProfile,
    publicKeySpki: Uint8Array,
    options: ValidityOptions,
  ): Promise<IssuedCertificate> {
    this.assertValidAt(options.now);
    const wanted = options.now.getTime() + options.days * DAY_MS;
    return issueCertificate({
      profile,
      publicKeySpki,
      issuer: this.certificate,
      signer: this.keyPair,
      notBefore: new Date(options.now.getTime() - CLOCK_SKEW_MS),
      notAfter: new Date(Math.min(wanted, this.notAfter.getTime())),
    });
  }
}
