// Only the client class, so that import() of this file loads no command of the SDK package.
export { S3Client } from '@aws-sdk/client-s3';
