import * as pkijs from 'pkijs';
import { PkiError } from '../PkiError.js';
import { EC_PUBLIC_KEY, P256_CURVE, RSA_ENCRYPTION } from './keyAlgorithms.js';

/** A parsed PKCS#8 key of a kind kube-aws uses. */
export interface PrivateKeyInfo {
  readonly kind: 'ecdsa-p256' | 'rsa';
  readonly info: pkijs.PrivateKeyInfo;
}

/**
 * Parses PKCS#8 DER (ASN.1 only: no key is imported) and says which kind of key it holds.
 * @throws {PkiError} `PKI_UNSUPPORTED_KEY`, naming the file.
 */
export function readPrivateKeyInfo(pkcs8: Uint8Array, fileName: string): PrivateKeyInfo {
  let info: pkijs.PrivateKeyInfo;
  try {
    info = pkijs.PrivateKeyInfo.fromBER(pkcs8 as BufferSource);
  } catch (cause) {
    throw new PkiError(
      'PKI_UNSUPPORTED_KEY',
      `${fileName}: the key cannot be read; kube-aws uses ECDSA P-256 and RSA keys in PKCS#8 "PRIVATE KEY" PEM`,
      { file: fileName, cause },
    );
  }
  const { algorithmId } = info.privateKeyAlgorithm;
  if (algorithmId === RSA_ENCRYPTION) return { kind: 'rsa', info };
  if (algorithmId === EC_PUBLIC_KEY && info.parsedKey instanceof pkijs.ECPrivateKey) {
    if (info.parsedKey.namedCurve === P256_CURVE) return { kind: 'ecdsa-p256', info };
  }
  throw new PkiError(
    'PKI_UNSUPPORTED_KEY',
    `${fileName}: only ECDSA P-256 and RSA keys are supported`,
    { file: fileName },
  );
}
