const BRAND = Symbol.for('@kube-aws/renderer.RenderError');

/** Error codes of @kube-aws/renderer. */
export type RenderErrorCode =
  /** A template does not evaluate: unknown variable, syntax error, or it yields invalid JSON. */
  | 'TEMPLATE_ERROR'
  /** A TLS asset the nodes need was not handed to buildStack. */
  | 'ASSET_MISSING';

/** The one error class of @kube-aws/renderer; `file` and `line` point into the asset directory. */
export class RenderError extends Error {
  readonly code: RenderErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(
    code: RenderErrorCode,
    message: string,
    options: { file?: string; line?: number; cause?: unknown } = {},
  ) {
    const where =
      options.file === undefined
        ? ''
        : `${options.file}${options.line === undefined ? '' : `:${options.line}`}: `;
    super(where + message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RenderError';
    this.code = code;
    this.file = options.file;
    this.line = options.line;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** True for a RenderError from any copy of this package. */
  static is(value: unknown): value is RenderError {
    return typeof value === 'object' && value !== null && BRAND in value;
  }
}
