export { AssetError } from './AssetError.js';
export type { AssetErrorCode, ProblemLocation } from './AssetError.js';
export type { AssetIo } from './AssetIo.js';
export { ExitCode } from './ExitCode.js';
export {
  credentialsDirectory,
  CREDENTIALS_GITIGNORE,
  ensureCredentialsDirectory,
  listSealedFiles,
  prepareCredentialsDirectory,
  readCredentialFiles,
  restrictKeyFile,
  writeIfChanged,
} from './credentialFiles.js';
export { ensureAssetDirectory } from './ensureAssetDirectory.js';
export { fingerprintAssetDirectory } from './fingerprintAssetDirectory.js';
export type { AssetSnapshot } from './fingerprintAssetDirectory.js';
export { loadAssetConfig } from './loadAssetConfig.js';
export { loadNodeAssets } from './loadNodeAssets.js';
export type { NodeAssets } from './loadNodeAssets.js';
export { makeDirectory } from './makeDirectory.js';
export { openSealedCredentials } from './openSealedCredentials.js';
export type { OpenSealedOptions } from './openSealedCredentials.js';
export { clientsFor, prepareDeployment } from './prepareDeployment.js';
export type { Deployment, DeploymentOptions } from './prepareDeployment.js';
export { interrupted, provisioning } from './provisioning.js';
export { NO_FOLLOW, readAssetFile } from './readAssetFile.js';
export { readCertificates } from './readCertificates.js';
export type { CertificateOnDisk } from './readCertificates.js';
export { paint, statusPaint } from './paint.js';
export type { Paint } from './paint.js';
export { readSealedCredentials } from './readSealedCredentials.js';
export { recordRenderFingerprint } from './recordRenderFingerprint.js';
export type { RenderFingerprintOptions } from './recordRenderFingerprint.js';
export { COMMIT_ADVICE, recordStack } from './recordStack.js';
export { renderCredentialFiles } from './renderCredentialFiles.js';
export type { CredentialOptions } from './renderCredentialFiles.js';
export { renderCredentials } from './renderCredentials.js';
export { parseRenderFingerprint, RENDER_FINGERPRINT_FILE } from './RenderFingerprint.js';
export type { RenderFingerprint } from './RenderFingerprint.js';
export { renderTemplateFiles } from './renderTemplateFiles.js';
export { BASE_DIRECTORY, resolveTemplates } from './resolveTemplates.js';
export type { ResolvedTemplates } from './resolveTemplates.js';
export { sealedOnlySecrets } from './sealedOnlySecrets.js';
export { secretFileNames } from './secretFileNames.js';
export { isTemporaryFileName, temporaryFileName } from './temporaryFileName.js';
export { eventPrinter, pollInterval, withProgress } from './withProgress.js';
export { writeFileAtomic } from './writeFileAtomic.js';
export type { WriteFileAtomicOptions } from './writeFileAtomic.js';
