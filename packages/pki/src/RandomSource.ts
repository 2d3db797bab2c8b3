/** Returns `length` random bytes. Every PKI function takes one, so tests can pin it. */
export type RandomSource = (length: number) => Uint8Array;

/** Random bytes from WebCrypto: the default everywhere outside tests. */
export const webCryptoRandom: RandomSource = (length) => {
  const bytes = new Uint8Array(length);
  // getRandomValues fills at most 65,536 bytes per call.
  for (let offset = 0; offset < length; offset += 65536) {
    crypto.getRandomValues(bytes.subarray(offset, Math.min(length, offset + 65536)));
  }
  return bytes;
};

/**
 * A repeatable stream of bytes from a seed (xoshiro128**), for tests and golden files only:
 * it is predictable, so keys made from it are not secret.
 */
export function createSeededRandom(seed: number): RandomSource {
  let s0 = 0x9e3779b9 ^ seed;
  let s1 = 0x243f6a88 ^ Math.imul(seed, 0x85ebca6b);
  let s2 = 0xb7e15162 ^ Math.imul(seed, 0xc2b2ae35);
  let s3 = 0x6a09e667 ^ (seed >>> 7);
  const next = (): number => {
    const result = Math.imul(((Math.imul(s1, 5) << 7) | (Math.imul(s1, 5) >>> 25)) >>> 0, 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  };
  for (let i = 0; i < 16; i++) next();
  return (length) => {
    const bytes = new Uint8Array(length);
    for (let index = 0; index < length; index += 4) {
      const word = next();
      for (let shift = 0; shift < 4 && index + shift < length; shift++)
        bytes[index + shift] = (word >>> (shift * 8)) & 0xff;
    }
    return bytes;
  };
}
