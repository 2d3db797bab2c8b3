import type { ClusterConfig } from './ClusterConfig.js';
import type { ConfigProblem } from './ConfigProblem.js';
import { parseClusterConfig } from './parseClusterConfig.js';
import { resolveClusterConfig } from './resolveClusterConfig.js';

export interface LoadedClusterConfig {
  readonly config: ClusterConfig;
  readonly warnings: readonly ConfigProblem[];
}

/**
 * Parses and resolves a cluster.yaml in one step, returning its warnings beside the config.
 * @throws {ConfigError} `CONFIG_INVALID` with every located problem.
 */
export function loadClusterConfig(text: string, fileName = 'cluster.yaml'): LoadedClusterConfig {
  const warnings: ConfigProblem[] = [];
  const config = resolveClusterConfig(parseClusterConfig(text, fileName), {
    onWarning: (warning) => warnings.push(warning),
  });
  return { config, warnings };
}
