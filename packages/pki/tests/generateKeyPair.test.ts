import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../src/index.js';

describe(generateKeyPair, () => {
  it('makes RSA keys off the event loop, several at once: the loop keeps turning meanwhile', async () => {
    // A key made on this thread (as the hand-written maths was) would be done before the first
    // turn; WebCrypto makes it in the thread pool, and the loop turns until each is done.
    let turns = 0;
    let generating = true;
    const turn = () => {
      if (!generating) return;
      turns++;
      setImmediate(turn);
    };
    setImmediate(turn);
    const keys = await Promise.all(Array.from({ length: 3 }, () => generateKeyPair('rsa-2048')));
    generating = false;
    expect(turns).toBeGreaterThan(0);
    expect(new Set(keys.map((key) => key.publicKeySpki.join())).size).toBe(3);
    expect(keys.map((key) => key.privateKey.algorithm)).toEqual(
      Array(3).fill(expect.objectContaining({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048 })),
    );
  });

  it('makes ECDSA P-256 keys that WebCrypto can sign with', async () => {
    const key = await generateKeyPair('ecdsa-p256');
    expect(key.privateKey.algorithm).toEqual({ name: 'ECDSA', namedCurve: 'P-256' });
    const signature = await crypto.subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      key.privateKey,
      new TextEncoder().encode('kube-aws'),
    );
    expect(signature.byteLength).toBe(64);
  });
});
