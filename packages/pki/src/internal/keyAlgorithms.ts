/** OIDs of the key and signature algorithms kube-aws uses. */
export const EC_PUBLIC_KEY = '1.2.840.10045.2.1';
export const P256_CURVE = '1.2.840.10045.3.1.7';
export const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';

/** WebCrypto's name for ECDSA on P-256, for generateKey and importKey. */
export const ECDSA_P256: EcKeyImportParams = { name: 'ECDSA', namedCurve: 'P-256' };

/** WebCrypto's name for RSA PKCS#1 v1.5 signatures with SHA-256, for importKey. */
export const RSASSA_SHA256: RsaHashedImportParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

/** The parameters of a new RSA key: FIPS 186-5's usual public exponent, 65537. */
export function rsaKeyGenParams(modulusLength: number): RsaHashedKeyGenParams {
  return { ...RSASSA_SHA256, modulusLength, publicExponent: Uint8Array.of(1, 0, 1) };
}
