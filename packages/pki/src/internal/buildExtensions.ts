import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseIpAddress } from './ipAddress.js';

export type ExtendedKeyUsage = 'serverAuth' | 'clientAuth';

export const EKU_OIDS: Record<ExtendedKeyUsage, string> = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

export interface ExtensionProfile {
  readonly isCA: boolean;
  readonly rsa: boolean;
  readonly extendedKeyUsages: readonly ExtendedKeyUsage[];
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly subjectKeyId: Uint8Array;
  readonly authorityKeyId: Uint8Array;
}

function extension(extnID: string, critical: boolean, value: asn1js.BaseBlock): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

/** KeyUsage bits (RFC 5280 4.2.1.3) as a DER BIT STRING with trailing zero bits dropped. */
function keyUsage(bits: readonly number[]): asn1js.BitString {
  let byte = 0;
  for (const bit of bits) byte |= 0x80 >> bit;
  let unused = 0;
  while (unused < 7 && ((byte >> unused) & 1) === 0) unused++;
  return new asn1js.BitString({ valueHex: Uint8Array.of(byte), unusedBits: unused });
}

const DIGITAL_SIGNATURE = 0;
const KEY_ENCIPHERMENT = 2;
const KEY_CERT_SIGN = 5;
const CRL_SIGN = 6;

function contextPrimitive(tag: number, bytes: Uint8Array): asn1js.Primitive {
  return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: tag }, valueHex: bytes });
}

/** The extensions of a CA or leaf certificate, as kubeadm sets them. */
export function buildExtensions(profile: ExtensionProfile): pkijs.Extension[] {
  const extensions = [
    extension(
      '2.5.29.19',
      true,
      new asn1js.Sequence({ value: profile.isCA ? [new asn1js.Boolean({ value: true })] : [] }),
    ),
    extension(
      '2.5.29.15',
      true,
      keyUsage(
        profile.isCA
          ? [DIGITAL_SIGNATURE, KEY_CERT_SIGN, CRL_SIGN]
          : profile.rsa
            ? [DIGITAL_SIGNATURE, KEY_ENCIPHERMENT]
            : [DIGITAL_SIGNATURE],
      ),
    ),
  ];
  if (profile.extendedKeyUsages.length > 0) {
    extensions.push(
      extension(
        '2.5.29.37',
        false,
        new asn1js.Sequence({
          value: profile.extendedKeyUsages.map(
            (usage) => new asn1js.ObjectIdentifier({ value: EKU_OIDS[usage] }),
          ),
        }),
      ),
    );
  }
  extensions.push(
    extension('2.5.29.14', false, new asn1js.OctetString({ valueHex: profile.subjectKeyId })),
  );
  extensions.push(
    extension(
      '2.5.29.35',
      false,
      new asn1js.Sequence({ value: [contextPrimitive(0, profile.authorityKeyId)] }),
    ),
  );
  const names = [
    ...profile.dnsNames.map((name) => contextPrimitive(2, new TextEncoder().encode(name))),
    ...profile.ipAddresses.map((address) => contextPrimitive(7, parseIpAddress(address))),
  ];
  if (names.length > 0)
    extensions.push(extension('2.5.29.17', false, new asn1js.Sequence({ value: names })));
  return extensions;
}
