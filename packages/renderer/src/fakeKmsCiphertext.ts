import { toBase64 } from './internal/gzipBase64.js';

/** Bytes KMS adds to a plaintext (header, key reference, IV and tag), measured on real ciphertexts. */
export const KMS_OVERHEAD_BYTES = 184;

/**
 * A stand-in for the KMS ciphertext of a file, for offline validation and golden files: the same
 * size as a real one, incompressible like one, and a pure function of its inputs. It decrypts to
 * nothing; it only lets sizes and layout be checked without AWS.
 */
export async function fakeKmsCiphertext(name: string, plaintextLength: number): Promise<string> {
  const length = plaintextLength + KMS_OVERHEAD_BYTES;
  const bytes = new Uint8Array(length);
  let block = new TextEncoder().encode(`kube-aws offline placeholder for ${name}`);
  for (let offset = 0; offset < length; offset += 32) {
    block = new Uint8Array(await crypto.subtle.digest('SHA-256', block as BufferSource));
    bytes.set(block.subarray(0, Math.min(32, length - offset)), offset);
  }
  return toBase64(bytes);
}
