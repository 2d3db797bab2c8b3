const BRAND = Symbol.for('@kube-aws/pki.PkiError');

/** Error codes of @kube-aws/pki. */
export type PkiErrorCode =
  /** A file is not the PEM it should be. */
  | 'PKI_BAD_PEM'
  /** A key the user brought is of an algorithm kube-aws cannot use. */
  | 'PKI_UNSUPPORTED_KEY'
  /** A credential the user brought fails a check: chain, key match, names, usages or validity. */
  | 'PKI_INVALID_CREDENTIAL'
  /** A certificate must be issued but its CA's key is missing. */
  | 'PKI_MISSING_CA_KEY'
  /** `--force-regenerate` named something that is not a credential. */
  | 'PKI_UNKNOWN_CREDENTIAL'
  /** Replacing a CA key was asked for without saying that the CA may be replaced. */
  | 'PKI_REFUSED_CA_REPLACEMENT'
  /** Replacing the encryption key of Secrets at rest was asked for without saying that it may be. */
  | 'PKI_REFUSED_ENCRYPTION_KEY_REPLACEMENT';

/** The one error class of @kube-aws/pki; `file` names the credential at fault. */
export class PkiError extends Error {
  readonly code: PkiErrorCode;
  readonly file: string | undefined;

  constructor(
    code: PkiErrorCode,
    message: string,
    options: { file?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PkiError';
    this.code = code;
    this.file = options.file;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** True for a PkiError from any copy of this package. */
  static is(value: unknown): value is PkiError {
    return typeof value === 'object' && value !== null && BRAND in value;
  }
}
