export { formatAssetProblem } from './AssetProblem.js';
export type { AssetProblem } from './AssetProblem.js';
export { buildStack } from './buildStack.js';
export type {
  BuildStackInput,
  BuiltParameterFile,
  BuiltStack,
  BuiltUserdata,
  S3Upload,
} from './buildStack.js';
export { fakeKmsCiphertext, KMS_OVERHEAD_BYTES } from './fakeKmsCiphertext.js';
export {
  ASSET_FILES,
  encryptedAssetNames,
  NODE_ASSETS,
  STAGED_CAS,
  trustExtraFiles,
} from './nodeAssets.js';
export type { NodeAssetList } from './nodeAssets.js';
export { renderAssets } from './renderAssets.js';
export type { RenderedAssets } from './renderAssets.js';
export { RenderError } from './RenderError.js';
export type { RenderErrorCode } from './RenderError.js';
export { COMPONENT_VERSIONS } from './versions.js';
export { validateAssets } from './validateAssets.js';
export type { AssetValidation } from './validateAssets.js';
export { LIMITS } from './limits.js';
export { etcdBackupLocation } from './etcdBackupLocation.js';
export { mergeTemplates } from './mergeTemplates.js';
export type { TemplateConflict, TemplateMerge, TemplateMergeInput } from './mergeTemplates.js';
export { KUBERNETES_VERSION_OUTPUT, versionOutput } from './versionOutput.js';
export { workerGroupId, workerLaunchTemplateId } from './workerGroupId.js';
export {
  CONTROLLER_SIGNAL_TIMEOUT_MINUTES,
  ROLL_SIGNAL_TIMEOUT_MINUTES,
} from './rollSignalTimeout.js';
