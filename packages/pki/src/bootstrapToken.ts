import type { RandomSource } from './RandomSource.js';
import { webCryptoRandom } from './RandomSource.js';

/** The file in credentials/ that holds the kubelet bootstrap token. */
export const BOOTSTRAP_TOKEN_FILE = 'bootstrap-token';

/** Kubernetes' bootstrap token format: a 6-character id, a dot, a 16-character secret. */
export const BOOTSTRAP_TOKEN_PATTERN = /^[a-z0-9]{6}\.[a-z0-9]{16}$/;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomString(length: number, random: RandomSource): string {
  let text = '';
  while (text.length < length) {
    // Rejection sampling keeps every character equally likely: 252 is the largest multiple of 36 below 256.
    for (const byte of random(length))
      if (byte < 252 && text.length < length) text += ALPHABET[byte % 36];
  }
  return text;
}

/**
 * A kubelet bootstrap token (`abcdef.0123456789abcdef`): workers present it once to ask for their
 * own node certificate (TLS bootstrap), so no node shares a client identity.
 * @default random WebCrypto's getRandomValues
 */
export function generateBootstrapToken(random: RandomSource = webCryptoRandom): string {
  return `${randomString(6, random)}.${randomString(16, random)}`;
}
