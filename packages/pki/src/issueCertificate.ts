import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { KeyPair } from './KeyPair.js';
import type { RandomSource } from './RandomSource.js';
import { encodePem } from './pem.js';
import { buildExtensions } from './internal/buildExtensions.js';
import type { ExtendedKeyUsage } from './internal/buildExtensions.js';
import { buildName } from './internal/buildName.js';
import type { SubjectName } from './internal/buildName.js';
import { SHA256_WITH_RSA } from './internal/rsaKeyPair.js';

export type { ExtendedKeyUsage, SubjectName };

/** What a certificate says about its subject. */
export interface CertificateProfile {
  readonly subject: SubjectName;
  readonly isCA?: boolean;
  readonly extendedKeyUsages?: readonly ExtendedKeyUsage[];
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
}

/** A certificate together with its DER and PEM encodings. */
export interface IssuedCertificate {
  readonly certificate: pkijs.Certificate;
  readonly der: Uint8Array;
  readonly pem: string;
}

export interface IssueCertificateOptions {
  readonly profile: CertificateProfile;
  /** SubjectPublicKeyInfo DER of the key being certified. */
  readonly publicKeySpki: Uint8Array;
  /** The issuing CA; absent for a self-signed CA, which then signs with `signer`. */
  readonly issuer?: IssuedCertificate;
  /** The key that signs: the issuer's, or the subject's own for a self-signed CA. */
  readonly signer: KeyPair;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly random: RandomSource;
}

function time(date: Date): pkijs.Time {
  // RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
  return new pkijs.Time({ type: date.getUTCFullYear() >= 2050 ? 1 : 0, value: date });
}

/** SHA-1 of the subjectPublicKey bits: the key identifier of RFC 5280 4.2.1.2 (1). */
export async function keyIdentifier(publicKeySpki: Uint8Array): Promise<Uint8Array> {
  const info = new pkijs.PublicKeyInfo({
    schema: asn1js.fromBER(publicKeySpki as BufferSource).result,
  });
  const bits = info.subjectPublicKey.valueBlock.valueHexView;
  return new Uint8Array(await crypto.subtle.digest('SHA-1', bits as BufferSource));
}

/** Decodes a DER certificate into an IssuedCertificate. */
export function readCertificateDer(der: Uint8Array): IssuedCertificate {
  const certificate = pkijs.Certificate.fromBER(der as BufferSource);
  return { certificate, der, pem: encodePem('CERTIFICATE', der) };
}

/**
 * Issues an X.509 v3 certificate: a random positive 127-bit serial, names with one attribute per
 * RDN, SKI/AKI, KeyUsage, ExtKeyUsage, BasicConstraints and SANs, signed with SHA-256.
 */
export async function issueCertificate(
  options: IssueCertificateOptions,
): Promise<IssuedCertificate> {
  const { profile, signer } = options;
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  const serial = options.random(16);
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  certificate.serialNumber = new asn1js.Integer({ valueHex: serial });
  certificate.subject = buildName(profile.subject);
  certificate.issuer = options.issuer?.certificate.subject ?? certificate.subject;
  certificate.notBefore = time(options.notBefore);
  certificate.notAfter = time(options.notAfter);
  certificate.subjectPublicKeyInfo = new pkijs.PublicKeyInfo({
    schema: asn1js.fromBER(options.publicKeySpki as BufferSource).result,
  });
  const subjectKeyId = await keyIdentifier(options.publicKeySpki);
  const authorityKeyId =
    options.issuer === undefined ? subjectKeyId : await keyIdentifier(signer.publicKeySpki);
  certificate.extensions = buildExtensions({
    isCA: profile.isCA ?? false,
    rsa: certificate.subjectPublicKeyInfo.algorithm.algorithmId === '1.2.840.113549.1.1.1',
    extendedKeyUsages: profile.extendedKeyUsages ?? [],
    dnsNames: profile.dnsNames ?? [],
    ipAddresses: profile.ipAddresses ?? [],
    subjectKeyId,
    authorityKeyId,
  });
  const algorithm = new pkijs.AlgorithmIdentifier({
    algorithmId: signer.signatureAlgorithmOid,
    ...(signer.signatureAlgorithmOid === SHA256_WITH_RSA
      ? { algorithmParams: new asn1js.Null() }
      : {}),
  });
  certificate.signature = algorithm;
  certificate.signatureAlgorithm = algorithm;
  certificate.tbsView = new Uint8Array(certificate.encodeTBS().toBER(false));
  certificate.signatureValue = new asn1js.BitString({
    valueHex: await signer.sign(certificate.tbsView),
  });
  const der = new Uint8Array(certificate.toSchema().toBER(false));
  return readCertificateDer(der);
}
