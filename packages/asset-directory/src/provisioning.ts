import { awsFailure, ProvisionError } from '@kube-aws/aws-provisioner';
import type { ProvisionErrorCode } from '@kube-aws/aws-provisioner';
import { AssetError } from './AssetError.js';
import { ExitCode } from './ExitCode.js';

const EXIT_CODES: Record<ProvisionErrorCode, ExitCode> = {
  PREFLIGHT_FAILED: ExitCode.UserError,
  TEMPLATE_TOO_LARGE: ExitCode.UserError,
  STACK_ROLLED_BACK: ExitCode.UserError,
  STACK_NOT_FOUND: ExitCode.UserError,
  STACK_EXISTS: ExitCode.UserError,
  TERMINATION_PROTECTED: ExitCode.UserError,
  SEAL_MISMATCH: ExitCode.UserError,
  VERSION_SKEW: ExitCode.UserError,
  SNAPSHOT_NOT_FOUND: ExitCode.UserError,
  // Refusals: nothing was changed, and the user decides what next.
  STACK_BUSY: ExitCode.UserError,
  STACK_NOT_OWNED: ExitCode.UserError,
  NO_CREDENTIALS: ExitCode.UserError,
  STACK_FAILED: ExitCode.AwsError,
  AWS_ERROR: ExitCode.AwsError,
  WAIT_INTERRUPTED: ExitCode.Interrupted,
  INTERRUPTED: ExitCode.Interrupted,
};

/**
 * Runs a provisioning step, turning its errors into CLI errors with the right exit code. An SDK
 * error that escaped unwrapped is still reported as missing credentials when it is that.
 */
export async function provisioning<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const failure = ProvisionError.is(error) ? error : awsFailure('a call', 'kube-aws', error);
    if (!ProvisionError.is(error) && failure.code !== 'NO_CREDENTIALS') throw error;
    throw new AssetError('PROVISIONING_FAILED', failure.message, {
      cause: failure,
      exitCode: EXIT_CODES[failure.code],
    });
  }
}

/** Ctrl-C before anything ran: exit 130 with what was (not) done. */
export function interrupted(message: string): AssetError {
  return new AssetError('PROVISIONING_FAILED', message, { exitCode: ExitCode.Interrupted });
}
