export { CertificateAuthority, CLOCK_SKEW_MS } from './CertificateAuthority.js';
export type { ValidityOptions } from './CertificateAuthority.js';
export {
  BOOTSTRAP_TOKEN_FILE,
  BOOTSTRAP_TOKEN_PATTERN,
  generateBootstrapToken,
} from './bootstrapToken.js';
export { checkCredentials } from './checkCredentials.js';
export {
  ENCRYPTION_KEY_FILE,
  ENCRYPTION_KEY_PATTERN,
  generateEncryptionKey,
} from './encryptionKey.js';
export type { CredentialProblem } from './checkCredentials.js';
export { credentialValidity } from './credentialValidity.js';
export type { CredentialValidity } from './credentialValidity.js';
export { generateCredentials } from './generateCredentials.js';
export type {
  CredentialFile,
  GenerateCredentialsOptions,
  GeneratedCredentials,
} from './generateCredentials.js';
export { GENERATED_SECRETS } from './generatedSecrets.js';
export type { GeneratedSecret } from './generatedSecrets.js';
export { exportPrivateKey } from './exportPrivateKey.js';
export { generateKeyPair } from './generateKeyPair.js';
export { importPrivateKey } from './importPrivateKey.js';
export type { ImportPrivateKeyOptions } from './importPrivateKey.js';
export { issueCertificate, keyIdentifier, readCertificateDer } from './issueCertificate.js';
export type {
  CertificateProfile,
  ExtendedKeyUsage,
  IssueCertificateOptions,
  IssuedCertificate,
  SubjectName,
} from './issueCertificate.js';
export type { KeyPair } from './KeyPair.js';
export { decodePem, encodePem } from './pem.js';
export { PkiError } from './PkiError.js';
export type { PkiErrorCode } from './PkiError.js';
export { loadBalancerHostnames, planCredentials, workerHostnames } from './planCredentials.js';
export type { CredentialSpec } from './planCredentials.js';
export { webCryptoRandom } from './RandomSource.js';
export type { RandomSource } from './RandomSource.js';
export { readCertificateInfo } from './readCertificateInfo.js';
export type { CertificateInfo } from './readCertificateInfo.js';
export { renderKubeconfig } from './renderKubeconfig.js';
