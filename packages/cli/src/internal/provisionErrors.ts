import { ProvisionError } from '@kube-aws/aws-provisioner';
import type { ProvisionErrorCode } from '@kube-aws/aws-provisioner';
import { CliError } from '../CliError.js';
import { ExitCode } from '../ExitCode.js';

const EXIT_CODES: Record<ProvisionErrorCode, ExitCode> = {
  PREFLIGHT_FAILED: ExitCode.UserError,
  TEMPLATE_TOO_LARGE: ExitCode.UserError,
  STACK_ROLLED_BACK: ExitCode.UserError,
  STACK_NOT_FOUND: ExitCode.UserError,
  STACK_EXISTS: ExitCode.UserError,
  TERMINATION_PROTECTED: ExitCode.UserError,
  SEAL_MISMATCH: ExitCode.UserError,
  STACK_FAILED: ExitCode.AwsError,
  AWS_ERROR: ExitCode.AwsError,
  WAIT_INTERRUPTED: ExitCode.Interrupted,
};

/** Runs a provisioning step, turning its errors into CLI errors with the right exit code. */
export async function provisioning<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!ProvisionError.is(error)) throw error;
    throw new CliError('PROVISIONING_FAILED', error.message, {
      cause: error,
      exitCode: EXIT_CODES[error.code],
    });
  }
}
