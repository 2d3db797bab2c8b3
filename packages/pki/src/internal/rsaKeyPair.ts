import type { KeyPair } from '../KeyPair.js';
import {
  bitLength,
  bytesToBigInt,
  fromBase64Url,
  toBase64Url,
  bigIntToBytes,
  modInverse,
} from './bigint.js';

export const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

async function fromCryptoKey(privateKey: CryptoKey, modulusBits: number): Promise<KeyPair> {
  const jwk = await crypto.subtle.exportKey('jwk', privateKey);
  const publicKey = await crypto.subtle.importKey(
    'jwk',
    { kty: 'RSA', n: jwk.n, e: jwk.e, ext: true },
    ALGORITHM,
    true,
    ['verify'],
  );
  return {
    algorithm: `rsa-${modulusBits}`,
    privateKeyPkcs8: new Uint8Array(await crypto.subtle.exportKey('pkcs8', privateKey)),
    publicKeySpki: new Uint8Array(await crypto.subtle.exportKey('spki', publicKey)),
    signatureAlgorithmOid: SHA256_WITH_RSA,
    sign: async (data) =>
      new Uint8Array(await crypto.subtle.sign(ALGORITHM, privateKey, data as BufferSource)),
  };
}

/** The RSA key pair of two primes and a public exponent, imported into WebCrypto for signing. */
export async function rsaKeyPair(p: bigint, q: bigint, e: bigint): Promise<KeyPair> {
  const [larger, smaller] = p > q ? [p, q] : [q, p];
  const n = larger * smaller;
  const d = modInverse(e, (larger - 1n) * (smaller - 1n));
  const b64 = (value: bigint) => toBase64Url(bigIntToBytes(value));
  const jwk: JsonWebKey = {
    kty: 'RSA',
    n: b64(n),
    e: b64(e),
    d: b64(d),
    p: b64(larger),
    q: b64(smaller),
    dp: b64(d % (larger - 1n)),
    dq: b64(d % (smaller - 1n)),
    qi: b64(modInverse(smaller, larger)),
    ext: true,
  };
  const privateKey = await crypto.subtle.importKey('jwk', jwk, ALGORITHM, true, ['sign']);
  return fromCryptoKey(privateKey, bitLength(n));
}

/** An RSA key pair from a PKCS#8 private key. */
export async function rsaKeyPairFromPkcs8(pkcs8: Uint8Array): Promise<KeyPair> {
  const privateKey = await crypto.subtle.importKey(
    'pkcs8',
    pkcs8 as BufferSource,
    ALGORITHM,
    true,
    ['sign'],
  );
  const jwk = await crypto.subtle.exportKey('jwk', privateKey);
  return fromCryptoKey(privateKey, bitLength(bytesToBigInt(fromBase64Url(jwk.n ?? ''))));
}
