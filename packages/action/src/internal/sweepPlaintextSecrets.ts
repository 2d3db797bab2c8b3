import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isTemporaryFileName } from '@kube-aws/asset-directory';
import { GENERATED_SECRETS } from '@kube-aws/pki';

/**
 * Plaintext secrets of credentials/, by kube-aws's naming: every `*-key.pem`, and each generated
 * secret (`bootstrap-token`, `encryption-key`). Temporary files (`.<name>.<hex>.tmp`) match too:
 * one left by a killed render may hold a key.
 */
const PLAINTEXT_SECRET = new RegExp(
  `(-key\\.pem|^(${GENERATED_SECRETS.map((secret) => secret.file).join('|')}))$`,
);

/**
 * Deletes every plaintext secret from the asset directory's credentials/, by name pattern, so it
 * works before cluster.yaml is read and inside a signal handler (synchronous). Each file is tried
 * on its own; the names that could not be deleted are returned, not thrown.
 */
export function sweepPlaintextSecrets(assetDirectory: string): {
  removed: string[];
  failed: string[];
} {
  const directory = join(assetDirectory, 'credentials');
  const removed: string[] = [];
  const failed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return { removed, failed };
  }
  for (const name of names.filter(
    (each) => PLAINTEXT_SECRET.test(each) || isTemporaryFileName(each),
  )) {
    try {
      rmSync(join(directory, name), { force: true });
      removed.push(name);
    } catch {
      failed.push(name);
    }
  }
  return { removed, failed };
}
