import type { ProblemLocation } from '@kube-aws/asset-directory/AssetError';
import { ExitCode } from './ExitCode.js';

const BRAND = Symbol.for('@kube-aws/cli.CliError');

/** Error codes of @kube-aws/cli. */
export type CliErrorCode =
  | 'USAGE'
  | 'CONFIG_INVALID'
  | 'REFUSED_OVERWRITE'
  | 'FILE_NOT_FOUND'
  | 'CREDENTIALS_INVALID'
  /** A path of the asset directory is a link, a FIFO or a device where a file or directory belongs. */
  | 'UNSAFE_FILE'
  | 'PROVISIONING_FAILED';

/** Where a problem behind a CliError is: the same shape as an AssetError's, so one annotates both. */
export type { ProblemLocation };

/** The one error class of @kube-aws/cli: a user-facing failure with its exit code. */
export class CliError extends Error {
  readonly code: CliErrorCode;
  readonly exitCode: ExitCode;
  /** The problems the message lists, each at its place; empty when the error has no place. */
  readonly locations: readonly ProblemLocation[];

  constructor(
    code: CliErrorCode,
    message: string,
    options?: { cause?: unknown; exitCode?: ExitCode; locations?: readonly ProblemLocation[] },
  ) {
    super(message, options);
    this.name = 'CliError';
    this.code = code;
    this.exitCode = options?.exitCode ?? ExitCode.UserError;
    this.locations = options?.locations ?? [];
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** True for a CliError from any copy of this package. */
  static is(value: unknown): value is CliError {
    return typeof value === 'object' && value !== null && BRAND in value;
  }
}
