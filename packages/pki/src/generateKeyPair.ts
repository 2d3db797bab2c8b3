import type { KeyAlgorithm } from '@kube-aws/config-schema';
import type { KeyPair } from './KeyPair.js';
import { ECDSA_P256, rsaKeyGenParams } from './internal/keyAlgorithms.js';

/**
 * A new key pair from WebCrypto's own generator (native on Node and Deno; RSA runs off the event
 * loop, so several keys are made at once with Promise.all).
 */
export async function generateKeyPair(algorithm: KeyAlgorithm): Promise<KeyPair> {
  const params =
    algorithm === 'ecdsa-p256'
      ? ECDSA_P256
      : rsaKeyGenParams(algorithm === 'rsa-4096' ? 4096 : 2048);
  const { privateKey, publicKey } = await crypto.subtle.generateKey(params, true, [
    'sign',
    'verify',
  ]);
  const spki = await crypto.subtle.exportKey('spki', publicKey);
  return { algorithm, privateKey, publicKeySpki: new Uint8Array(spki) };
}
