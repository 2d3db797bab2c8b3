import type { ClusterConfig } from './ClusterConfig.js';
import type { ConfigProblem } from './ConfigProblem.js';
import { parseClusterConfig } from './parseClusterConfig.js';
import { resolveClusterConfig } from './resolveClusterConfig.js';

export interface LoadedClusterConfig {
  readonly config: ClusterConfig;
  readonly warnings: readonly ConfigProblem[];
}

/**
 * Parses and resolves a cluster.yaml in one step, returning its warnings beside the config. Pass
 * the file's bytes, as read, so that its size is checked before anything is decoded and invalid
 * UTF-8 is reported where it is.
 * @throws {ConfigError} `CONFIG_INVALID` with every located problem.
 */
export function loadClusterConfig(
  source: string | Uint8Array,
  fileName = 'cluster.yaml',
): LoadedClusterConfig {
  const warnings: ConfigProblem[] = [];
  const config = resolveClusterConfig(parseClusterConfig(source, fileName), {
    onWarning: (warning) => warnings.push(warning),
  });
  return { config, warnings };
}
