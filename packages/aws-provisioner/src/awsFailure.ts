import { ProvisionError } from './ProvisionError.js';

function errorName(error: unknown): string {
  return (error as { name?: string } | null)?.name ?? '';
}

/** True for the SDK's "no credentials anywhere in the chain" (and an SSO token it cannot find). */
function isMissingCredentials(error: unknown): boolean {
  const name = errorName(error);
  return (
    name === 'CredentialsProviderError' ||
    name === 'TokenProviderError' ||
    /Could not load credentials from any providers/.test(String(error))
  );
}

/** The ways the SDK's default chain finds credentials, as the user can act on them. */
export const CREDENTIAL_SOURCES = [
  'environment variables: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones)',
  'a profile in ~/.aws/credentials or ~/.aws/config, chosen with AWS_PROFILE=<name>',
  'SSO: aws configure sso once, then aws sso login --profile <name> and AWS_PROFILE=<name>',
  'an instance role: an EC2 instance profile, or an ECS task or EKS pod role',
  'web identity, as GitHub OIDC gives it: AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE',
] as const;

/**
 * An AWS SDK error as kube-aws reports it, with the operation and what it concerned (`stack demo`,
 * `secret ca-key.pem`); the SDK error stays as `cause`. Missing credentials and a stack busy with
 * another operation get their own code.
 */
export function awsFailure(operation: string, subject: string, error: unknown): ProvisionError {
  if (ProvisionError.is(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isMissingCredentials(error)) {
    return new ProvisionError(
      'NO_CREDENTIALS',
      `no AWS credentials found (the SDK says: ${message.split('\n')[0]}). Provide them one of these ways:\n${CREDENTIAL_SOURCES.map((source) => `  - ${source}`).join('\n')}`,
      { cause: error },
    );
  }
  const busy = /is in ([A-Z_]+_IN_PROGRESS) state/.exec(message);
  if (busy !== null) {
    return new ProvisionError(
      'STACK_BUSY',
      `${subject} is busy (${busy[1]}): another operation is changing it, and kube-aws changed nothing. Follow it with kube-aws status, then try again`,
      { cause: error },
    );
  }
  return new ProvisionError(
    'AWS_ERROR',
    `AWS refused ${operation} for ${subject}: ${errorName(error) || 'error'}: ${message}`,
    { cause: error },
  );
}
