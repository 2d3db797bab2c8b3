import type { KeyAlgorithm } from '@kube-aws/config-schema';
import type { CertificateProfile, IssuedCertificate } from './issueCertificate.js';
import { issueCertificate, readCertificateDer } from './issueCertificate.js';
import type { KeyPair } from './KeyPair.js';
import { generateKeyPair } from './generateKeyPair.js';
import { importPrivateKey } from './importPrivateKey.js';
import { decodePem } from './pem.js';

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
    );
  }

  /** When the CA certificate expires; no certificate it issues outlives it. */
  get notAfter(): Date {
    return this.certificate.certificate.notAfter.value;
  }

  /** Issues a leaf certificate for a public key, valid for `days` or until the CA expires. */
  async issue(
    profile: CertificateProfile,
    publicKeySpki: Uint8Array,
    options: ValidityOptions,
  ): Promise<IssuedCertificate> {
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
