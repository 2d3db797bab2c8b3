import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { openSealedAssets } from '@kube-aws/aws-provisioner';
import type { AwsClients } from '@kube-aws/aws-provisioner';
import type { ClusterConfig } from '@kube-aws/config-schema';
import { planCredentials } from '@kube-aws/pki';
import type { CliIo } from './CliIo.js';
import { credentialsDirectory, prepareCredentialsDirectory } from './internal/credentialFiles.js';
import { provisioning } from './internal/provisionErrors.js';
import { writeFileAtomic } from './internal/writeFileAtomic.js';
import { readSealedCredentials } from './readSealedCredentials.js';
import { secretFileNames } from './secretFileNames.js';

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * The secrets that are sealed in credentials/ but have no plaintext there (a fresh checkout).
 * A key whose certificate is gone too, or that `forceRegenerate` names, is left out: the user
 * deleted both to have them made anew, and render makes a new key (which is then sealed afresh).
 */
export async function sealedOnlySecrets(
  config: ClusterConfig,
  assetDirectory: string,
  forceRegenerate: readonly string[] = [],
): Promise<string[]> {
  const directory = credentialsDirectory(assetDirectory);
  const sealed = await readSealedCredentials(directory, secretFileNames(config));
  const specs = new Map(planCredentials(config).map((spec) => [spec.keyFile, spec]));
  const missing: string[] = [];
  for (const name of sealed.keys()) {
    if (await exists(join(directory, name))) continue;
    const spec = specs.get(name);
    const shortName = spec?.name ?? name;
    if (forceRegenerate.includes(shortName)) continue;
    if (spec !== undefined && !(await exists(join(directory, spec.certificateFile)))) continue;
    missing.push(name);
  }
  return missing;
}

export interface OpenSealedOptions {
  /** Short names (`apiserver`, `bootstrap-token`) to leave sealed: render makes them anew. */
  readonly forceRegenerate?: readonly string[];
  /** Sees each plaintext before it is written (the action masks it in the log). */
  readonly onSecret?: (plaintext: string) => void;
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
  io: CliIo,
  options: OpenSealedOptions = {},
): Promise<string[]> {
  const names = await sealedOnlySecrets(config, assetDirectory, options.forceRegenerate);
  if (names.length === 0) return [];
  const directory = credentialsDirectory(assetDirectory);
  await prepareCredentialsDirectory(directory);
  const sealed = await readSealedCredentials(directory, names);
  const plaintexts = await provisioning(() => openSealedAssets(clients, sealed));
  for (const [name, plaintext] of plaintexts) {
    options.onSecret?.(plaintext);
    await writeFileAtomic(join(directory, name), plaintext, { mode: 0o600, overwrite: false });
  }
  io.stdout(`Opened with KMS: ${names.join(', ')}\n`);
  return names;
}
