import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';

/**
 * The SDK clients kube-aws uses; callers make them and pass them in. A function that needs only
 * some takes a `Pick<AwsClients, …>` of them, so a caller loads only those (loadAwsClients).
 */
export interface AwsClients {
  readonly cloudFormation: CloudFormationClient;
  readonly ec2: EC2Client;
  readonly kms: KMSClient;
  readonly s3: S3Client;
}

/** One AWS service kube-aws calls: `cloudFormation`, `ec2`, `kms` or `s3`. */
export type AwsService = keyof AwsClients;

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
