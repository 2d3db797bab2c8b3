import { basename, dirname } from 'node:path';
import type { SealedAsset } from '@kube-aws/aws-provisioner';
import { readAssetFile } from './readAssetFile.js';

/**
 * The sealed secrets of a credentials/ directory: those of `names` with both `.enc` and `.sha256`,
 * each read as a regular file, never through a link.
 * @throws {AssetError} `UNSAFE_FILE` naming one that is a link, FIFO or device.
 */
export async function readSealedCredentials(
  directory: string,
  names: readonly string[],
): Promise<Map<string, SealedAsset>> {
  const sealed = new Map<string, SealedAsset>();
  const read = (name: string) =>
    readAssetFile(dirname(directory), `${basename(directory)}/${name}`);
  for (const name of names) {
    const ciphertext = await read(`${name}.enc`);
    const fingerprint = await read(`${name}.sha256`);
    if (ciphertext !== undefined && fingerprint !== undefined)
      sealed.set(name, {
        ciphertext: new Uint8Array(ciphertext),
        fingerprint: fingerprint.toString('utf8').trim(),
      });
  }
  return sealed;
}
