import { ConfigError, formatProblem, loadClusterConfig } from '@kube-aws/config-schema';
import type { ClusterConfig } from '@kube-aws/config-schema';
import { AssetError } from './AssetError.js';
import type { AssetIo } from './AssetIo.js';
import { readAssetFile } from './readAssetFile.js';

/**
 * Reads and resolves the asset directory's cluster.yaml, printing its warnings.
 * cluster.yaml must be a regular file: a link (to /dev/zero, say) or a FIFO is refused unread.
 * @throws {AssetError} `FILE_NOT_FOUND` without a cluster.yaml, `CONFIG_INVALID` with its problems,
 * `UNSAFE_FILE` when it is not a regular file.
 */
export async function loadAssetConfig(assetDirectory: string, io: AssetIo): Promise<ClusterConfig> {
  // Bytes, not text: config-schema checks the size before decoding, and reports invalid UTF-8
  // at its line and column instead of reading U+FFFD.
  const bytes = await readAssetFile(assetDirectory, 'cluster.yaml');
  if (bytes === undefined)
    throw new AssetError(
      'FILE_NOT_FOUND',
      `there is no cluster.yaml in ${assetDirectory}; run kube-aws init first, or pass --asset-dir`,
    );
  try {
    const { config, warnings } = loadClusterConfig(bytes, 'cluster.yaml');
    for (const warning of warnings) io.stderr(`${formatProblem(warning)}\n`);
    return config;
  } catch (error) {
    if (!ConfigError.is(error)) throw error;
    const lines = error.problems.map(formatProblem);
    throw new AssetError('CONFIG_INVALID', `cluster.yaml has problems:\n${lines.join('\n')}`, {
      cause: error,
      locations: error.problems.map((problem) => ({
        file: problem.file,
        line: problem.line,
        column: problem.column,
        message: `${problem.path === '' ? '' : `${problem.path}: `}${problem.message}`,
      })),
    });
  }
}
