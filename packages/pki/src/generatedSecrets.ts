import {
  BOOTSTRAP_TOKEN_FILE,
  BOOTSTRAP_TOKEN_PATTERN,
  generateBootstrapToken,
} from './bootstrapToken.js';
import {
  ENCRYPTION_KEY_FILE,
  ENCRYPTION_KEY_PATTERN,
  generateEncryptionKey,
} from './encryptionKey.js';
import type { RandomSource } from './RandomSource.js';

/** A secret of credentials/ that is random text rather than a key pair: made once, then kept. */
export interface GeneratedSecret {
  /** The file in credentials/, also its name for `--force-regenerate`: `bootstrap-token`. */
  readonly file: string;
  /** The secret, without the trailing newline the file gets; random from WebCrypto by default. */
  readonly generate: (random?: RandomSource) => string;
  /** What the file must hold, trimmed. */
  readonly pattern: RegExp;
  /** `pattern` in words, for the problem `checkCredentials` reports. */
  readonly format: string;
  /** Why it exists, for docs/adr/0005-pki-assets.md. */
  readonly purpose: string;
  /**
   * What replacing it does to a running cluster, when that cannot be undone: replacing it then
   * needs `allowEncryptionKeyReplacement`, as replacing a CA needs `allowCaReplacement`.
   */
  readonly replacementWarning: string | undefined;
}

/** Every generated secret, in the order render makes them. */
export const GENERATED_SECRETS: readonly GeneratedSecret[] = [
  {
    file: BOOTSTRAP_TOKEN_FILE,
    generate: generateBootstrapToken,
    pattern: BOOTSTRAP_TOKEN_PATTERN,
    format: 'one token of the form abcdef.0123456789abcdef (6 and 16 lower-case letters or digits)',
    purpose:
      'kubelet bootstrap token: workers present it once to have their node certificate signed',
    // Nodes that joined keep their certificates; the others read the new token after an update.
    replacementWarning: undefined,
  },
  {
    file: ENCRYPTION_KEY_FILE,
    generate: generateEncryptionKey,
    pattern: ENCRYPTION_KEY_PATTERN,
    format: 'the base64 of exactly 32 bytes (44 characters ending in =)',
    purpose:
      "key of the API server's EncryptionConfiguration: Secrets are encrypted at rest (secretbox)",
    replacementWarning:
      'every Secret the API server stored in etcd becomes unreadable (each was encrypted with it)',
  },
];
