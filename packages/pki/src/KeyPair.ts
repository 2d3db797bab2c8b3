/**
 * A key pair held by WebCrypto. The private key never leaves its CryptoKey except when written to
 * credentials/ (`exportPrivateKey`), so printing a KeyPair shows no secret.
 */
export interface KeyPair {
  /** `ecdsa-p256`, `rsa-2048`, `rsa-4096`, or `rsa-<bits>` for a key brought by the user. */
  readonly algorithm: string;
  /** The private key: extractable, usage `sign`. */
  readonly privateKey: CryptoKey;
  /** SubjectPublicKeyInfo DER of the public key. */
  readonly publicKeySpki: Uint8Array;
}
