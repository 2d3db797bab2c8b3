import { join } from 'node:path';
import { openSealedAssets } from '@kube-aws/aws-provisioner';
import type { AwsClients } from '@kube-aws/aws-provisioner';
import type { ClusterConfig } from '@kube-aws/config-schema';
import type { AssetIo } from './AssetIo.js';
import { credentialsDirectory, prepareCredentialsDirectory } from './credentialFiles.js';
import { provisioning } from './provisioning.js';
import { writeFileAtomic } from './writeFileAtomic.js';
import { readSealedCredentials } from './readSealedCredentials.js';
import { sealedOnlySecrets } from './sealedOnlySecrets.js';

export interface OpenSealedOptions {
  /** Short names (`apiserver`, `bootstrap-token`) to leave sealed: render makes them anew. */
  readonly forceRegenerate?: readonly string[];
}

/**
 * Opens, with KMS Decrypt, each secret that credentials/ holds only sealed, and writes its plaintext
 * (mode 0600), so render reuses the cluster's CA and keys rather than making new ones.
 * @returns the names opened.
 */
export async function openSealedCredentials(
  config: ClusterConfig,
  assetDirectory: string,
  clients: AwsClients,
  io: AssetIo,
  options: OpenSealedOptions = {},
): Promise<string[]> {
  const names = await sealedOnlySecrets(config, assetDirectory, options.forceRegenerate);
  if (names.length === 0) return [];
  const directory = credentialsDirectory(assetDirectory);
  await prepareCredentialsDirectory(directory);
  const sealed = await readSealedCredentials(directory, names);
  const plaintexts = await provisioning(() => openSealedAssets(clients, sealed));
  for (const [name, plaintext] of plaintexts) {
    await writeFileAtomic(join(directory, name), plaintext, {
      mode: 0o600,
      overwrite: false,
      name: `credentials/${name}`,
    });
  }
  io.stdout(`Opened with KMS: ${names.join(', ')}\n`);
  return names;
}
