import { join } from 'node:path';
import type { ClusterConfig } from '@kube-aws/config-schema';
import { ensureAssetDirectory } from './ensureAssetDirectory.js';
import { STACK_RECORD } from './internal/refuseNewCa.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/**
 * Records in STACK_RECORD that the cluster's stack exists, so that render in any clone of this
 * directory refuses to make a new CA offline (refuseNewCa). Holds no secret.
 */
export async function recordStack(assetDirectory: string, config: ClusterConfig): Promise<void> {
  await ensureAssetDirectory(assetDirectory, '.kube-aws', 0o755);
  const record = { stackName: config.clusterName, region: config.region };
  await writeFileAtomic(
    join(assetDirectory, STACK_RECORD),
    JSON.stringify(record, null, 2) + '\n',
    {
      mode: 0o644,
      overwrite: true,
      name: STACK_RECORD,
    },
  );
}

/** What to commit after `up`: everything git does not ignore; credentials/.gitignore keeps plaintext out. */
export const COMMIT_ADVICE = [
  "Commit the asset directory now, so that every clone keeps this cluster's CA:",
  '  git add -A && git commit -m "kube-aws: cluster assets, keys KMS-sealed"',
  'It stages cluster.yaml, the templates, .kube-aws/, the certificates and the sealed secrets',
  '(credentials/*.enc, *.sha256); credentials/.gitignore keeps every plaintext key and token out.',
].join('\n');
