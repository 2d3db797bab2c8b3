import { bigIntToBytes, bytesToBigInt, mod, modInverse } from './bigint.js';

// NIST P-256 (secp256r1), from FIPS 186-4 D.1.2.3.
const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const A = P - 3n;
const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;
export const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const G: Point = {
  x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
};

/** An affine point; null is the point at infinity. */
export type Point = { readonly x: bigint; readonly y: bigint } | null;

function add(p: Point, q: Point): Point {
  if (p === null) return q;
  if (q === null) return p;
  let slope: bigint;
  if (p.x === q.x) {
    if (mod(p.y + q.y, P) === 0n) return null;
    slope = mod((3n * p.x * p.x + A) * modInverse(2n * p.y, P), P);
  } else {
    slope = mod((q.y - p.y) * modInverse(q.x - p.x, P), P);
  }
  const x = mod(slope * slope - p.x - q.x, P);
  return { x, y: mod(slope * (p.x - x) - p.y, P) };
}

/** k·G by double-and-add. Key generation and signing run on the user's own machine, once. */
export function multiplyBase(k: bigint): Point {
  let result: Point = null;
  let addend: Point = G;
  for (let rest = k; rest > 0n; rest >>= 1n) {
    if (rest & 1n) result = add(result, addend);
    addend = add(addend, addend);
  }
  return result;
}

export function isOnCurve(point: Point): boolean {
  if (point === null) return false;
  return mod(point.y * point.y - (point.x * point.x * point.x + A * point.x + B), P) === 0n;
}

/** A private scalar in [1, n-1] from 48 random bytes; the extra 128 bits make the bias negligible (FIPS 186-4 B.4.1). */
export function privateScalarFrom(random: Uint8Array): bigint {
  return mod(bytesToBigInt(random), N - 1n) + 1n;
}

export function coordinateBytes(value: bigint): Uint8Array {
  return bigIntToBytes(value, 32);
}
