import type { ClusterConfig } from '@kube-aws/config-schema';
import { planCredentials } from '@kube-aws/pki';
import { credentialsDirectory } from './credentialFiles.js';
import { lstatAssetPath } from './internal/lstatAssetPath.js';
import { readSealedCredentials } from './readSealedCredentials.js';
import { secretFileNames } from './secretFileNames.js';

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
  // lstat, not access: a link in credentials/ is refused by name, never followed.
  const exists = async (name: string) =>
    (await lstatAssetPath(`${directory}/${name}`, `credentials/${name}`, 'file')) !== undefined;
  const sealed = await readSealedCredentials(directory, secretFileNames(config));
  const specs = new Map(planCredentials(config).map((spec) => [spec.keyFile, spec]));
  const missing: string[] = [];
  for (const name of sealed.keys()) {
    if (await exists(name)) continue;
    const spec = specs.get(name);
    const shortName = spec?.name ?? name;
    if (forceRegenerate.includes(shortName)) continue;
    if (spec !== undefined && !(await exists(spec.certificateFile))) continue;
    missing.push(name);
  }
  return missing;
}
