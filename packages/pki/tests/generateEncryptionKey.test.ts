import { describe, expect, it } from 'vitest';
import { ENCRYPTION_KEY_PATTERN, generateEncryptionKey } from '../src/index.js';
import type { RandomSource } from '../src/index.js';

const base64Of = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
/** Not random at all: 0, 7, 14, … so the test can say which bytes the key must hold. */
const counting: RandomSource = (length) => Uint8Array.from({ length }, (_, index) => index * 7);

describe(generateEncryptionKey, () => {
  it('is the base64 of 32 bytes of the random source', () => {
    const key = generateEncryptionKey(counting);
    expect(key).toHaveLength(44);
    expect(key).toMatch(ENCRYPTION_KEY_PATTERN);
    expect(key).toBe(base64Of(counting(32)));
    expect(Uint8Array.from(atob(key), (char) => char.charCodeAt(0))).toHaveLength(32);
  });

  it("takes WebCrypto's getRandomValues by default", () => {
    const a = generateEncryptionKey();
    expect(a).toMatch(ENCRYPTION_KEY_PATTERN);
    expect(generateEncryptionKey()).not.toBe(a);
  });

  it('has a pattern that takes exactly 32 bytes of base64 and nothing else', () => {
    for (const bytes of [new Uint8Array(32), new Uint8Array(32).fill(255)])
      expect(base64Of(bytes)).toMatch(ENCRYPTION_KEY_PATTERN);
    for (const length of [16, 24, 31, 33, 48])
      expect(base64Of(new Uint8Array(length).fill(7)), `${length} bytes`).not.toMatch(
        ENCRYPTION_KEY_PATTERN,
      );
    // Right length, but the last character carries bits beyond the 32nd byte: not canonical.
    expect(`${'A'.repeat(42)}B=`).not.toMatch(ENCRYPTION_KEY_PATTERN);
    expect(`${'A'.repeat(42)}A==`).not.toMatch(ENCRYPTION_KEY_PATTERN);
    expect(`${'A'.repeat(42)}-=`).not.toMatch(ENCRYPTION_KEY_PATTERN);
  });
});
