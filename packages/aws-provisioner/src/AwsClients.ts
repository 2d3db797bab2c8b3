import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';

/** The SDK clients kube-aws uses; callers make them and pass them in. */
export interface AwsClients {
  readonly cloudFormation: CloudFormationClient;
  readonly ec2: EC2Client;
  readonly kms: KMSClient;
  readonly s3: S3Client;
}

export interface AwsClientOptions {
  readonly region: string;
  /** Send every call here instead of AWS, such as a local emulator (AWS_ENDPOINT_URL). */
  readonly endpoint?: string | undefined;
  /** Told of every AWS call (through SDK middleware), such as to count them. */
  readonly onCall?: (client: string, command: string) => void;
  /**
   * Attempts per call, the first included, in the SDK's adaptive retry mode.
   * @default 8
   */
  readonly maxAttempts?: number;
}

/** Attempts per AWS call: the SDK's adaptive mode retries; kube-aws itself never does (ADR 0007). */
export const MAX_ATTEMPTS = 8;

/**
 * Clients for one region with the SDK's default credential chain (AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY, ~/.aws/credentials and AWS_PROFILE, SSO, web identity as GitHub OIDC gives
 * it, an instance role). Throttled and transient failures are retried by the SDK alone, in its
 * adaptive mode: exponential backoff with full jitter, and a client-side rate limit after
 * throttling.
 */
export function createAwsClients(options: AwsClientOptions): AwsClients {
  const config = {
    region: options.region,
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? MAX_ATTEMPTS,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint, forcePathStyle: true }),
  };
  const clients = {
    cloudFormation: new CloudFormationClient(config),
    ec2: new EC2Client(config),
    kms: new KMSClient(config),
    s3: new S3Client(config),
  };
  const onCall = options.onCall;
  if (onCall !== undefined) {
    for (const client of Object.values(clients) as {
      middlewareStack: CloudFormationClient['middlewareStack'];
    }[]) {
      client.middlewareStack.add(
        (next, context) => async (args) => {
          onCall(String(context.clientName), String(context.commandName));
          return next(args);
        },
        { step: 'initialize', name: 'kubeAwsCallCounter' },
      );
    }
  }
  return clients;
}
