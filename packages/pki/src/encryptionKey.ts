import type { RandomSource } from './RandomSource.js';
import { webCryptoRandom } from './RandomSource.js';

/** The file in credentials/ that holds the key of Secrets encrypted at rest. */
export const ENCRYPTION_KEY_FILE = 'encryption-key';

/**
 * Base64 of exactly 32 bytes, as the API server's `secretbox` provider takes its key: 43 characters
 * and one `=`, the last character carrying only 4 bits of the key (so its 2 low bits are zero).
 */
export const ENCRYPTION_KEY_PATTERN = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

/**
 * A key for the API server's EncryptionConfiguration (`secretbox`): 32 random bytes, base64.
 * @default random WebCrypto's getRandomValues
 */
export function generateEncryptionKey(random: RandomSource = webCryptoRandom): string {
  let binary = '';
  for (const byte of random(32)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
