import type { KeyAlgorithm } from '@kube-aws/config-schema';
import type { KeyPair } from './KeyPair.js';
import type { RandomSource } from './RandomSource.js';
import { webCryptoRandom } from './RandomSource.js';
import { ecdsaKeyPair } from './internal/ecdsaKeyPair.js';
import { generateRsaPrime } from './internal/generateRsaPrimes.js';
import { privateScalarFrom } from './internal/p256.js';
import { rsaKeyPair } from './internal/rsaKeyPair.js';

const RSA_EXPONENT = 65537n;

/**
 * Generates a key pair from a random source. Keys are derived from the source's bytes (not by
 * WebCrypto's own generator) so that a pinned source gives the same key every time.
 * @default random WebCrypto's getRandomValues
 */
export async function generateKeyPair(
  algorithm: KeyAlgorithm,
  random: RandomSource = webCryptoRandom,
): Promise<KeyPair> {
  if (algorithm === 'ecdsa-p256') return ecdsaKeyPair(privateScalarFrom(random(48)));
  const bits = algorithm === 'rsa-4096' ? 4096 : 2048;
  const p = generateRsaPrime(bits / 2, RSA_EXPONENT, random);
  let q = generateRsaPrime(bits / 2, RSA_EXPONENT, random);
  while (q === p) q = generateRsaPrime(bits / 2, RSA_EXPONENT, random);
  return rsaKeyPair(p, q, RSA_EXPONENT);
}
