import * as pkijs from 'pkijs';
import type { ExtendedKeyUsage } from './internal/buildExtensions.js';
import { EKU_OIDS } from './internal/buildExtensions.js';
import { formatIpBytes } from './internal/ipAddress.js';

/** What `show certificates` and the credential checks read from a certificate. */
export interface CertificateInfo {
  /** `O=system:masters, CN=kube-admin`: one attribute per RDN, joined with commas. */
  readonly subject: string;
  readonly issuer: string;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly extendedKeyUsages: readonly ExtendedKeyUsage[];
  readonly isCA: boolean;
  /** `ECDSA P-256` or `RSA 2048`. */
  readonly keyType: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** True when some RDN holds several attributes (printed `CN=x+O=y`), which Kubernetes misreads. */
  readonly multiValuedRdn: boolean;
}

const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
};

function formatName(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map(
      (attribute) =>
        `${ATTRIBUTE_NAMES[attribute.type] ?? attribute.type}=${String((attribute.value.valueBlock as { value?: unknown }).value ?? '')}`,
    )
    .join(', ');
}

/** True when the DER Name has a SET with more than one attribute. */
function hasMultiValuedRdn(name: pkijs.RelativeDistinguishedNames): boolean {
  const sequence = name.toSchema();
  return sequence.valueBlock.value.some(
    (set) =>
      ((set as unknown as { valueBlock: { value: unknown[] } }).valueBlock.value.length ?? 0) > 1,
  );
}

function keyTypeOf(info: pkijs.PublicKeyInfo): string {
  const key = info.parsedKey;
  if (key instanceof pkijs.ECPublicKey)
    return key.namedCurve === '1.2.840.10045.3.1.7' ? 'ECDSA P-256' : `ECDSA ${key.namedCurve}`;
  if (key instanceof pkijs.RSAPublicKey) {
    const modulus = key.modulus.valueBlock.valueHexView;
    const leadingZero = modulus[0] === 0 ? 1 : 0;
    return `RSA ${(modulus.length - leadingZero) * 8}`;
  }
  return info.algorithm.algorithmId;
}

/** Reads the facts kube-aws checks from a certificate. */
export function readCertificateInfo(certificate: pkijs.Certificate): CertificateInfo {
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  const extendedKeyUsages: ExtendedKeyUsage[] = [];
  let isCA = false;
  for (const extension of certificate.extensions ?? []) {
    const parsed: unknown = extension.parsedValue;
    if (parsed instanceof pkijs.AltName) {
      for (const name of parsed.altNames) {
        if (name.type === 2) dnsNames.push(String(name.value));
        if (name.type === 7)
          ipAddresses.push(
            formatIpBytes(
              new Uint8Array(
                (name.value as { valueBlock: { valueHexView: Uint8Array } }).valueBlock
                  .valueHexView,
              ),
            ),
          );
      }
    } else if (parsed instanceof pkijs.ExtKeyUsage) {
      for (const [usage, oid] of Object.entries(EKU_OIDS))
        if (parsed.keyPurposes.includes(oid)) extendedKeyUsages.push(usage as ExtendedKeyUsage);
    } else if (parsed instanceof pkijs.BasicConstraints) {
      isCA = parsed.cA === true;
    }
  }
  return {
    subject: formatName(certificate.subject),
    issuer: formatName(certificate.issuer),
    dnsNames,
    ipAddresses,
    extendedKeyUsages,
    isCA,
    keyType: keyTypeOf(certificate.subjectPublicKeyInfo),
    notBefore: certificate.notBefore.value,
    notAfter: certificate.notAfter.value,
    multiValuedRdn: hasMultiValuedRdn(certificate.subject),
  };
}
