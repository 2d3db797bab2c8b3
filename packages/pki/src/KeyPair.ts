/** A key pair that can sign certificates, with its encodings. */
export interface KeyPair {
  /** `ecdsa-p256`, `rsa-2048`, `rsa-4096`, or `rsa-<bits>` for a key brought by the user. */
  readonly algorithm: string;
  /** PKCS#8 DER of the private key. */
  readonly privateKeyPkcs8: Uint8Array;
  /** SubjectPublicKeyInfo DER of the public key. */
  readonly publicKeySpki: Uint8Array;
  /** OID of the X.509 signature algorithm this key signs with (SHA-256 always). */
  readonly signatureAlgorithmOid: string;
  /** Signs data; the result is the X.509 signatureValue (DER ECDSA-Sig-Value, or PKCS#1 v1.5). */
  sign(data: Uint8Array): Promise<Uint8Array>;
}
