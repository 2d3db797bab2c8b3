import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SealedAsset } from '@kube-aws/aws-provisioner';

/** The sealed secrets of a credentials/ directory: those of `names` with both `.enc` and `.sha256`. */
export async function readSealedCredentials(
  directory: string,
  names: readonly string[],
): Promise<Map<string, SealedAsset>> {
  const sealed = new Map<string, SealedAsset>();
  for (const name of names) {
    const ciphertext = await readFile(join(directory, `${name}.enc`)).catch(() => undefined);
    const fingerprint = await readFile(join(directory, `${name}.sha256`), 'utf8').catch(
      () => undefined,
    );
    if (ciphertext !== undefined && fingerprint !== undefined)
      sealed.set(name, { ciphertext: new Uint8Array(ciphertext), fingerprint: fingerprint.trim() });
  }
  return sealed;
}
