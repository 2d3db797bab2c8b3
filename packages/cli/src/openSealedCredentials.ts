import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { openSealedAssets } from '@kube-aws/aws-provisioner';
import type { AwsClients } from '@kube-aws/aws-provisioner';
import type { ClusterConfig } from '@kube-aws/config-schema';
import type { CliIo } from './CliIo.js';
import { credentialsDirectory, prepareCredentialsDirectory } from './internal/credentialFiles.js';
import { provisioning } from './internal/provisionErrors.js';
import { writeFileAtomic } from './internal/writeFileAtomic.js';
import { readSealedCredentials } from './readSealedCredentials.js';
import { secretFileNames } from './secretFileNames.js';

/** The secrets that are sealed in credentials/ but have no plaintext there (a fresh checkout). */
export async function sealedOnlySecrets(
  config: ClusterConfig,
  assetDirectory: string,
): Promise<string[]> {
  const directory = credentialsDirectory(assetDirectory);
  const sealed = await readSealedCredentials(directory, secretFileNames(config));
  const missing: string[] = [];
  for (const name of sealed.keys()) {
    if (
      !(await access(join(directory, name)).then(
        () => true,
        () => false,
      ))
    )
      missing.push(name);
  }
  return missing;
}

/**
 * Opens, with KMS Decrypt, each secret that credentials/ holds only sealed, and writes its plaintext
 * (mode 0600), so render reuses the cluster's CA and keys rather than making new ones. `onSecret`
 * sees each plaintext first (the action masks it in the log).
 * @returns the names opened.
 */
export async function openSealedCredentials(
  config: ClusterConfig,
  assetDirectory: string,
  clients: AwsClients,
  io: CliIo,
  onSecret: (plaintext: string) => void = () => undefined,
): Promise<string[]> {
  const names = await sealedOnlySecrets(config, assetDirectory);
  if (names.length === 0) return [];
  const directory = credentialsDirectory(assetDirectory);
  await prepareCredentialsDirectory(directory);
  const sealed = await readSealedCredentials(directory, names);
  const plaintexts = await provisioning(() => openSealedAssets(clients, sealed));
  for (const [name, plaintext] of plaintexts) {
    onSecret(plaintext);
    await writeFileAtomic(join(directory, name), plaintext, { mode: 0o600, overwrite: false });
  }
  io.stdout(`Opened with KMS: ${names.join(', ')}\n`);
  return names;
}
