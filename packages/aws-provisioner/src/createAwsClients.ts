import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import type { AwsClientOptions, AwsClients, AwsService } from './AwsClients.js';
import { clientConfig, withCallCounter } from './internal/clientConfig.js';

/**
 * Clients for one region with the SDK's default credential chain (AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY, ~/.aws/credentials and AWS_PROFILE, SSO, web identity as GitHub OIDC gives
 * it, an instance role). Throttled and transient failures are retried by the SDK alone, in its
 * adaptive mode: exponential backoff with full jitter, and a client-side rate limit after
 * throttling. Each client is made when first used, so a command pays only for the services it
 * calls; loadAwsClients also loads only their SDK modules.
 */
export function createAwsClients(options: AwsClientOptions): AwsClients {
  const config = clientConfig(options);
  const makers: { [S in AwsService]: () => AwsClients[S] } = {
    cloudFormation: () => new CloudFormationClient(config),
    ec2: () => new EC2Client(config),
    kms: () => new KMSClient(config),
    s3: () => new S3Client(config),
  };
  const made: { -readonly [S in AwsService]?: AwsClients[S] } = {};
  const clients = {};
  for (const service of Object.keys(makers) as AwsService[]) {
    Object.defineProperty(clients, service, {
      enumerable: true,
      get: () => (made[service] ??= withCallCounter(makers[service](), options.onCall) as never),
    });
  }
  return clients as AwsClients;
}
