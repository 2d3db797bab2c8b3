export { parseClusterConfig } from './parseClusterConfig.js';
export { resolveClusterConfig } from './resolveClusterConfig.js';
export type { ResolveOptions } from './resolveClusterConfig.js';
export { loadClusterConfig } from './loadClusterConfig.js';
export type { LoadedClusterConfig } from './loadClusterConfig.js';
export { renderInitialClusterYaml } from './renderInitialClusterYaml.js';
export type { InitialClusterValues } from './renderInitialClusterYaml.js';
export { ClusterConfigSchema } from './ClusterConfigSchema.js';
export type { ClusterConfigInput } from './ClusterConfigSchema.js';
export type {
  ClusterConfig,
  ControllerConfig,
  EtcdBackupConfig,
  EtcdConfig,
  KeyAlgorithm,
  NodePoolConfig,
  RollingUpdateConfig,
  RootVolumeConfig,
  RootVolumeType,
  SubnetConfig,
} from './ClusterConfig.js';
export { ConfigError } from './ConfigError.js';
export type { ConfigErrorCode } from './ConfigError.js';
export type { ConfigProblem } from './ConfigProblem.js';
export { formatProblem } from './formatProblem.js';
export { DEFAULTS } from './defaults.js';
export { isS3Uri, S3_URI_EXPECTATION, S3_URI_MAX_LENGTH, S3_URI_PATTERN } from './isS3Uri.js';
export { INPUT_LIMITS } from './inputLimits.js';
export { schemaUrlFor, SCHEMA_ID } from './schemaUrl.js';
