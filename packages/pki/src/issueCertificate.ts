import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { KeyPair } from './KeyPair.js';
import { encodePem } from './pem.js';
import { buildExtensions } from './internal/buildExtensions.js';
import type { ExtendedKeyUsage } from './internal/buildExtensions.js';
import { buildName } from './internal/buildName.js';
import type { SubjectName } from './internal/buildName.js';
import { RSA_ENCRYPTION } from './internal/keyAlgorithms.js';

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
}

const SUBJECT_KEY_IDENTIFIER = '2.5.29.14';

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

/** The issuer's SubjectKeyIdentifier, so that AKI names it whichever method made it (RFC 5280 4.2.1.1). */
function subjectKeyIdOf(issuer: IssuedCertificate): Uint8Array | undefined {
  const extension = issuer.certificate.extensions?.find(
    (item) => item.extnID === SUBJECT_KEY_IDENTIFIER,
  );
  const parsed: unknown = extension?.parsedValue;
  return parsed instanceof asn1js.OctetString
    ? new Uint8Array(parsed.valueBlock.valueHexView)
    : undefined;
}

/**
 * Signs the certificate with pkijs' engine on the platform's WebCrypto, which also DER-encodes
 * ECDSA signatures. RSA's AlgorithmIdentifier gets the NULL parameters RFC 4055 section 5 asks for.
 */
async function sign(certificate: pkijs.Certificate, privateKey: CryptoKey): Promise<void> {
  const engine = pkijs.getCrypto(true);
  const { signatureAlgorithm, parameters } = await engine.getSignatureParameters(
    privateKey,
    'SHA-256',
  );
  if (privateKey.algorithm.name === 'RSASSA-PKCS1-v1_5')
    signatureAlgorithm.algorithmParams = new asn1js.Null();
  certificate.signature = signatureAlgorithm;
  certificate.signatureAlgorithm = signatureAlgorithm;
  const tbs = new Uint8Array(certificate.encodeTBS().toBER(false));
  certificate.tbsView = tbs;
  // pkijs' own Certificate.sign passes these parameters on the same way.
  const signature = await engine.signWithPrivateKey(
    tbs,
    privateKey,
    parameters as pkijs.CryptoEngineSignWithPrivateKeyParams,
  );
  certificate.signatureValue = new asn1js.BitString({ valueHex: signature });
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
  const serial = crypto.getRandomValues(new Uint8Array(16));
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
    options.issuer === undefined
      ? subjectKeyId
      : (subjectKeyIdOf(options.issuer) ?? (await keyIdentifier(signer.publicKeySpki)));
  certificate.extensions = buildExtensions({
    isCA: profile.isCA ?? false,
    rsa: certificate.subjectPublicKeyInfo.algorithm.algorithmId === RSA_ENCRYPTION,
    extendedKeyUsages: profile.extendedKeyUsages ?? [],
    dnsNames: profile.dnsNames ?? [],
    ipAddresses: profile.ipAddresses ?? [],
    subjectKeyId,
    authorityKeyId,
  });
  await sign(certificate, signer.privateKey);
  // The certificate as built is what was signed: no need to parse the DER back.
  const der = new Uint8Array(certificate.toSchema().toBER(false));
  return { certificate, der, pem: encodePem('CERTIFICATE', der) };
}
