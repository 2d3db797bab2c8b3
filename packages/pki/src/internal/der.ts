import { bigIntToBytes } from './bigint.js';

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes = bigIntToBytes(BigInt(length));
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function encodeInteger(value: bigint): Uint8Array {
  let bytes = bigIntToBytes(value);
  if (bytes[0]! & 0x80) bytes = Uint8Array.of(0, ...bytes);
  return Uint8Array.of(0x02, ...encodeLength(bytes.length), ...bytes);
}

/** DER `SEQUENCE { INTEGER, … }` of non-negative integers, such as ECDSA-Sig-Value. */
export function encodeDerSequenceOfIntegers(values: readonly bigint[]): Uint8Array {
  const body = values.flatMap((value) => [...encodeInteger(value)]);
  return Uint8Array.of(0x30, ...encodeLength(body.length), ...body);
}
