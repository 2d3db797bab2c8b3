import type { KeyPair } from './KeyPair.js';
import { encodePem } from './pem.js';

/** The private key as PKCS#8 `PRIVATE KEY` PEM, the form credentials/ holds it in. */
export async function exportPrivateKey(keyPair: KeyPair): Promise<string> {
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keyPair.privateKey);
  return encodePem('PRIVATE KEY', new Uint8Array(pkcs8));
}
