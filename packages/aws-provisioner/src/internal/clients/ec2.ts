// Only the client class, so that import() of this file loads no command of the SDK package.
export { EC2Client } from '@aws-sdk/client-ec2';
