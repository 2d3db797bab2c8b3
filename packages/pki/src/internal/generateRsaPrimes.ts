import type { RandomSource } from '../RandomSource.js';
import { bitLength, bytesToBigInt, modPow } from './bigint.js';

const SMALL_PRIMES: number[] = (() => {
  const limit = 4096;
  const sieve = new Uint8Array(limit);
  const primes: number[] = [];
  for (let i = 2; i < limit; i++) {
    if (sieve[i]) continue;
    primes.push(i);
    for (let j = i * i; j < limit; j += i) sieve[j] = 1;
  }
  return primes;
})();

function randomBelow(random: RandomSource, limit: bigint): bigint {
  const bytes = Math.ceil(bitLength(limit) / 8) + 8;
  return bytesToBigInt(random(bytes)) % limit;
}

/** Miller–Rabin with random bases; `rounds` follows FIPS 186-5 table B.1 for the prime size. */
function isProbablePrime(candidate: bigint, rounds: number, random: RandomSource): boolean {
  let d = candidate - 1n;
  let shifts = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    shifts++;
  }
  for (let round = 0; round < rounds; round++) {
    const base = 2n + randomBelow(random, candidate - 3n);
    let x = modPow(base, d, candidate);
    if (x === 1n || x === candidate - 1n) continue;
    let composite = true;
    for (let i = 1; i < shifts; i++) {
      x = (x * x) % candidate;
      if (x === candidate - 1n) {
        composite = false;
        break;
      }
    }
    if (composite) return false;
  }
  return true;
}

/**
 * A random prime of exactly `bits` bits with its two top bits set (so two of them make a modulus
 * of exactly 2·bits bits), and with gcd(p − 1, e) = 1. Candidates are sieved by small primes,
 * stepping from a random odd start, before Miller–Rabin.
 */
export function generateRsaPrime(bits: number, exponent: bigint, random: RandomSource): bigint {
  const rounds = bits >= 1536 ? 4 : 5;
  for (;;) {
    let start = bytesToBigInt(random(bits / 8));
    start |= (3n << BigInt(bits - 2)) | 1n;
    const residues = SMALL_PRIMES.map((prime) => Number(start % BigInt(prime)));
    for (let step = 0; step < 20 * bits; step += 2) {
      const divisible = residues.some(
        (residue, index) => (residue + step) % SMALL_PRIMES[index]! === 0,
      );
      if (divisible) continue;
      const candidate = start + BigInt(step);
      if (bitLength(candidate) !== bits) break;
      if ((candidate - 1n) % exponent === 0n) continue;
      if (isProbablePrime(candidate, rounds, random)) return candidate;
    }
  }
}
