export { assertStackIdle } from './assertStackIdle.js';
export { assertStackOwner } from './assertStackOwner.js';
export { assertVersionSkew } from './assertVersionSkew.js';
export { checkVersionSkew } from './checkVersionSkew.js';
export { awsFailure, CREDENTIAL_SOURCES } from './awsFailure.js';
export { MAX_ATTEMPTS } from './AwsClients.js';
export type { AwsClientOptions, AwsClients, AwsService } from './AwsClients.js';
export { createAwsClients } from './createAwsClients.js';
export { loadAwsClients } from './loadAwsClients.js';
export { describeCluster } from './describeCluster.js';
export { detectStackDrift } from './detectStackDrift.js';
export type {
  DriftedResource,
  DriftOptions,
  PropertyDrift,
  StackDrift,
} from './detectStackDrift.js';
export type { ClusterStatus } from './describeCluster.js';
export { CLUSTER_TAG, describeStackStatus } from './describeStackStatus.js';
export type { StackState } from './describeStackStatus.js';
export { destroyStack, findKubernetesLeftovers } from './destroyStack.js';
export { discardChangePlan } from './discardChangePlan.js';
export type { DestroyOptions } from './destroyStack.js';
export {
  deleteEtcdRestoreRequest,
  listEtcdRestored,
  listEtcdSnapshots,
  requestEtcdRestore,
  requestEtcdSnapshot,
} from './etcdSnapshots.js';
export type { EtcdBackupPlace, EtcdSnapshot } from './etcdSnapshots.js';
export { describeFailure, executeChangePlan } from './executeChangePlan.js';
export type { ExecuteOptions } from './executeChangePlan.js';
export { changeKind, countChanges, formatChangePlan, hasReplacements } from './formatChangePlan.js';
export { formatStackDrift } from './formatStackDrift.js';
export { shortValue } from './shortValue.js';
export { formatRollPlan } from './formatRollPlan.js';
export type { ChangeKind } from './formatChangePlan.js';
export { planDeployment } from './planDeployment.js';
export type {
  ChangePlan,
  PlanOptions,
  PlannedChange,
  PlannedPropertyChange,
} from './planDeployment.js';
export { openSealedAssets } from './openSealedAssets.js';
export { preflightChecks } from './preflightChecks.js';
export { ProvisionError } from './ProvisionError.js';
export type { ProvisionErrorCode } from './ProvisionError.js';
export { FLATCAR_OWNER, resolveFlatcarAmi } from './resolveFlatcarAmi.js';
export { sealAssets, sha256Hex } from './sealAssets.js';
export type { SealedAsset, SealResult } from './sealAssets.js';
export { existingEventIds, rootCause, watchStackEvents } from './watchStackEvents.js';
export type { StackEventLine, WatchOptions } from './watchStackEvents.js';
export { validateTemplateRemotely } from './validateTemplateRemotely.js';
