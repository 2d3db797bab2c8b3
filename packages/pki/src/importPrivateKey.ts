import type { KeyPair } from './KeyPair.js';
import { PkiError } from './PkiError.js';
import { decodePem } from './pem.js';
import { bytesToBigInt, fromBase64Url } from './internal/bigint.js';
import { ecdsaKeyPair } from './internal/ecdsaKeyPair.js';
import { rsaKeyPairFromPkcs8 } from './internal/rsaKeyPair.js';

const EC_PUBLIC_KEY = Uint8Array.of(0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01);
const RSA_ENCRYPTION = Uint8Array.of(
  0x06,
  0x09,
  0x2a,
  0x86,
  0x48,
  0x86,
  0xf7,
  0x0d,
  0x01,
  0x01,
  0x01,
);

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Reads a PKCS#8 `PRIVATE KEY` PEM (ECDSA P-256 or RSA) into a key pair that can sign.
 * @throws {PkiError} `PKI_BAD_PEM` or `PKI_UNSUPPORTED_KEY`, naming the file.
 */
export async function importPrivateKey(pem: string, fileName: string): Promise<KeyPair> {
  const pkcs8 = decodePem('PRIVATE KEY', pem, fileName);
  const header = pkcs8.subarray(0, 32);
  try {
    if (contains(header, EC_PUBLIC_KEY)) {
      const key = await crypto.subtle.importKey(
        'pkcs8',
        pkcs8 as BufferSource,
        { name: 'ECDSA', namedCurve: 'P-256' },
        true,
        ['sign'],
      );
      const jwk = await crypto.subtle.exportKey('jwk', key);
      return await ecdsaKeyPair(bytesToBigInt(fromBase64Url(jwk.d ?? '')));
    }
    if (contains(header, RSA_ENCRYPTION)) return await rsaKeyPairFromPkcs8(pkcs8);
  } catch (cause) {
    throw new PkiError(
      'PKI_UNSUPPORTED_KEY',
      `${fileName}: the key cannot be read; kube-aws uses ECDSA P-256 and RSA keys in PKCS#8 "PRIVATE KEY" PEM`,
      { file: fileName, cause },
    );
  }
  throw new PkiError(
    'PKI_UNSUPPORTED_KEY',
    `${fileName}: only ECDSA P-256 and RSA keys are supported`,
    { file: fileName },
  );
}
