import { ExitCode } from './ExitCode.js';

const BRAND = Symbol.for('@kube-aws/asset-directory.AssetError');

/** Error codes of @kube-aws/asset-directory. */
export type AssetErrorCode =
  | 'CONFIG_INVALID'
  | 'REFUSED_OVERWRITE'
  | 'FILE_NOT_FOUND'
  | 'CREDENTIALS_INVALID'
  /** A path of the asset directory is a link, a FIFO or a device where a file or directory belongs. */
  | 'UNSAFE_FILE'
  | 'PROVISIONING_FAILED';

/** Where a problem behind a AssetError is, so a CI step can annotate the line. */
export interface ProblemLocation {
  /** Relative to the asset directory: `cluster.yaml`, `cloud-config/cloud-config-worker`. */
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly message: string;
}

/**
 * The one error class of @kube-aws/asset-directory: a failure of the asset directory, the config or
 * AWS, with the exit code kube-aws gives it (docs/adr/0004-exit-codes.md).
 */
export class AssetError extends Error {
  readonly code: AssetErrorCode;
  readonly exitCode: ExitCode;
  /** The problems the message lists, each at its place; empty when the error has no place. */
  readonly locations: readonly ProblemLocation[];

  constructor(
    code: AssetErrorCode,
    message: string,
    options?: { cause?: unknown; exitCode?: ExitCode; locations?: readonly ProblemLocation[] },
  ) {
    super(message, options);
    this.name = 'AssetError';
    this.code = code;
    this.exitCode = options?.exitCode ?? ExitCode.UserError;
    this.locations = options?.locations ?? [];
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** True for a AssetError from any copy of this package. */
  static is(value: unknown): value is AssetError {
    return typeof value === 'object' && value !== null && BRAND in value;
  }
}
