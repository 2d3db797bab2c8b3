import { awsFailure } from '../awsFailure.js';

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'Rate exceeded',
]);

export function isThrottling(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name ?? '';
  const message = (error as { message?: string } | null)?.message ?? '';
  return THROTTLING.has(name) || /rate exceeded|throttl/i.test(message);
}

export function errorName(error: unknown): string {
  return (error as { name?: string } | null)?.name ?? '';
}

/**
 * Runs an AWS call and wraps its failure (awsFailure). It does not retry: the SDK does, in its
 * adaptive mode (createAwsClients, ADR 0007), and a second layer here would multiply the attempts.
 */
export async function awsCall<T>(
  operation: string,
  subject: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw awsFailure(operation, subject, error);
  }
}
