import { ProvisionError } from '../ProvisionError.js';

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

/** Waits, unless the signal aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), {
      once: true,
    });
  });
}

/**
 * Runs an AWS call, backing off (doubling up to 20 s) while AWS throttles, and wraps any other
 * failure with the operation and stack it concerned; the SDK error stays as `cause`.
 */
export async function awsCall<T>(
  operation: string,
  stackName: string,
  call: () => Promise<T>,
  options: { retries?: number; baseMs?: number } = {},
): Promise<T> {
  const retries = options.retries ?? 8;
  let delay = options.baseMs ?? 500;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (isThrottling(error) && attempt < retries) {
        await sleep(delay);
        delay = Math.min(delay * 2, 20_000);
        continue;
      }
      if (ProvisionError.is(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new ProvisionError(
        'AWS_ERROR',
        `AWS refused ${operation} for stack ${stackName}: ${errorName(error) || 'error'}: ${message}`,
        { cause: error },
      );
    }
  }
}
