import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClusterConfig } from '@kube-aws/config-schema';
import { credentialsDirectory } from './internal/credentialFiles.js';
import { secretFileNames } from './secretFileNames.js';

/**
 * Deletes every plaintext secret of credentials/ (keys and the bootstrap token), keeping the sealed
 * `.enc` files and their fingerprints. A CI runner calls this before its step ends.
 * @returns the names deleted.
 */
export async function removePlaintextSecrets(
  config: ClusterConfig,
  assetDirectory: string,
): Promise<string[]> {
  const directory = credentialsDirectory(assetDirectory);
  const removed: string[] = [];
  for (const name of secretFileNames(config)) {
    const path = join(directory, name);
    const existed = await rm(path).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    if (existed) removed.push(name);
  }
  return removed;
}
