import type { KeyPair } from './KeyPair.js';
import { PkiError } from './PkiError.js';
import { decodePem } from './pem.js';
import { ECDSA_P256, RSASSA_SHA256 } from './internal/keyAlgorithms.js';
import { readPrivateKeyInfo } from './internal/readPrivateKeyInfo.js';

export interface ImportPrivateKeyOptions {
  /**
   * SubjectPublicKeyInfo DER of the key's certificate, when there is one: taken as the public key,
   * so nothing is derived. Whether key and certificate match is `checkCredentials`' concern.
   */
  readonly publicKeySpki?: Uint8Array;
}

/** The SPKI of a private key, from its JWK public members (x and y, or n and e) imported back. */
async function publicKeySpkiOf(privateKey: CryptoKey): Promise<Uint8Array> {
  const { kty, crv, x, y, n, e } = await crypto.subtle.exportKey('jwk', privateKey);
  const publicJwk: JsonWebKey = kty === 'EC' ? { kty, crv, x, y } : { kty, n, e };
  const publicKey = await crypto.subtle.importKey('jwk', publicJwk, privateKey.algorithm, true, [
    'verify',
  ]);
  return new Uint8Array(await crypto.subtle.exportKey('spki', publicKey));
}

/**
 * Reads a PKCS#8 `PRIVATE KEY` PEM (ECDSA P-256 or RSA) into a key pair that can sign.
 * @throws {PkiError} `PKI_BAD_PEM` or `PKI_UNSUPPORTED_KEY`, naming the file.
 */
export async function importPrivateKey(
  pem: string,
  fileName: string,
  options: ImportPrivateKeyOptions = {},
): Promise<KeyPair> {
  const pkcs8 = decodePem('PRIVATE KEY', pem, fileName);
  const { kind } = readPrivateKeyInfo(pkcs8, fileName);
  try {
    const privateKey = await crypto.subtle.importKey(
      'pkcs8',
      pkcs8 as BufferSource,
      kind === 'rsa' ? RSASSA_SHA256 : ECDSA_P256,
      true,
      ['sign'],
    );
    const algorithm =
      kind === 'rsa'
        ? `rsa-${(privateKey.algorithm as RsaHashedKeyAlgorithm).modulusLength}`
        : 'ecdsa-p256';
    const publicKeySpki = options.publicKeySpki ?? (await publicKeySpkiOf(privateKey));
    return { algorithm, privateKey, publicKeySpki };
  } catch (cause) {
    throw new PkiError(
      'PKI_UNSUPPORTED_KEY',
      `${fileName}: the key cannot be read; kube-aws uses ECDSA P-256 and RSA keys in PKCS#8 "PRIVATE KEY" PEM`,
      { file: fileName, cause },
    );
  }
}
