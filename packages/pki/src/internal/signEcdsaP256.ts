import { bigIntToBytes, bytesToBigInt, mod, modInverse } from './bigint.js';
import { encodeDerSequenceOfIntegers } from './der.js';
import { multiplyBase, N } from './p256.js';

async function hmac(key: Uint8Array, ...parts: Uint8Array[]): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    key as BufferSource,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const data = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    data.set(part, offset);
    offset += part.length;
  }
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, data));
}

/**
 * ECDSA P-256 with SHA-256 and a deterministic nonce (RFC 6979), DER-encoded as X.509 wants.
 * WebCrypto's ECDSA draws a random nonce, so the same certificate would differ on every run;
 * RFC 6979 makes signatures a function of key and message, which golden files need.
 */
export async function signEcdsaP256(
  privateScalar: bigint,
  message: Uint8Array,
): Promise<Uint8Array> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', message as BufferSource));
  const e = mod(bytesToBigInt(digest), N);
  const x = bigIntToBytes(privateScalar, 32);
  const h = bigIntToBytes(e, 32);
  let v: Uint8Array = new Uint8Array(32).fill(1);
  let k: Uint8Array = new Uint8Array(32);
  k = await hmac(k, v, Uint8Array.of(0), x, h);
  v = await hmac(k, v);
  k = await hmac(k, v, Uint8Array.of(1), x, h);
  v = await hmac(k, v);
  for (;;) {
    v = await hmac(k, v);
    const nonce = bytesToBigInt(v);
    if (nonce >= 1n && nonce < N) {
      const point = multiplyBase(nonce);
      const r = point === null ? 0n : mod(point.x, N);
      const s = mod(modInverse(nonce, N) * (e + r * privateScalar), N);
      if (r !== 0n && s !== 0n) return encodeDerSequenceOfIntegers([r, s]);
    }
    k = await hmac(k, v, Uint8Array.of(0));
    v = await hmac(k, v);
  }
}
