import type { KeyPair } from '../KeyPair.js';
import { bigIntToBytes, toBase64Url } from './bigint.js';
import { coordinateBytes, isOnCurve, multiplyBase } from './p256.js';
import { signEcdsaP256 } from './signEcdsaP256.js';

export const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';

/** The P-256 key pair of a private scalar, exported through WebCrypto. */
export async function ecdsaKeyPair(privateScalar: bigint): Promise<KeyPair> {
  const point = multiplyBase(privateScalar);
  if (point === null || !isOnCurve(point)) throw new Error('P-256 key derivation failed');
  const publicJwk: JsonWebKey = {
    kty: 'EC',
    crv: 'P-256',
    x: toBase64Url(coordinateBytes(point.x)),
    y: toBase64Url(coordinateBytes(point.y)),
    ext: true,
  };
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
  const privateKey = await crypto.subtle.importKey(
    'jwk',
    { ...publicJwk, d: toBase64Url(bigIntToBytes(privateScalar, 32)) },
    algorithm,
    true,
    ['sign'],
  );
  const publicKey = await crypto.subtle.importKey('jwk', publicJwk, algorithm, true, ['verify']);
  return {
    algorithm: 'ecdsa-p256',
    privateKeyPkcs8: new Uint8Array(await crypto.subtle.exportKey('pkcs8', privateKey)),
    publicKeySpki: new Uint8Array(await crypto.subtle.exportKey('spki', publicKey)),
    signatureAlgorithmOid: ECDSA_WITH_SHA256,
    sign: (data) => signEcdsaP256(privateScalar, data),
  };
}
