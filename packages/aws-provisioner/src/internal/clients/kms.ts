// Only the client class, so that import() of this file loads no command of the SDK package.
export { KMSClient } from '@aws-sdk/client-kms';
