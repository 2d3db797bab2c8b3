import { ExitCode } from './ExitCode.js';

const BRAND = Symbol.for('@kube-aws/cli.CliError');

/** Error codes of @kube-aws/cli. */
export type CliErrorCode =
  | 'USAGE'
  | 'CONFIG_INVALID'
  | 'REFUSED_OVERWRITE'
  | 'FILE_NOT_FOUND'
  | 'CREDENTIALS_INVALID'
  | 'PROVISIONING_FAILED';

/** The one error class of @kube-aws/cli: a user-facing failure with its exit code. */
export class CliError extends Error {
  readonly code: CliErrorCode;
  readonly exitCode: ExitCode;

  constructor(
    code: CliErrorCode,
    message: string,
    options?: { cause?: unknown; exitCode?: ExitCode },
  ) {
    super(message, options);
    this.name = 'CliError';
    this.code = code;
    this.exitCode = options?.exitCode ?? ExitCode.UserError;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** True for a CliError from any copy of this package. */
  static is(value: unknown): value is CliError {
    return typeof value === 'object' && value !== null && BRAND in value;
  }
}
