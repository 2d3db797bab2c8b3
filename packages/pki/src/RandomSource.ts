/** Returns `length` random bytes. The generated secrets take one, so tests can pin them. */
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
