import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClusterConfig } from '@kube-aws/config-schema';
import { planCredentials } from '@kube-aws/pki';
import { credentialsDirectory } from './internal/credentialFiles.js';
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
