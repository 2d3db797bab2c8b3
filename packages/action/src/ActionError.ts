const BRAND = Symbol.for('@kube-aws/action.ActionError');

/** Error codes of @kube-aws/action. */
export type ActionErrorCode =
  /** An input has a value the action does not take. */
  | 'INPUT_INVALID'
  /** The event may not run this mode (deploy on a pull request), or the action at all. */
  | 'EVENT_REFUSED'
  /** Drift detection found resources changed outside CloudFormation (mode drift). */
  | 'STACK_DRIFTED'
  /** CloudFormation could not tell whether the stack drifted (mode drift). */
  | 'DRIFT_UNKNOWN'
  /** A staged file holds a private key or a plaintext secret: nothing was committed. */
  | 'PLAINTEXT_SECRET'
  /** git failed (commit or push); nothing was deployed. */
  | 'GIT_FAILED'
  /** The plan replaces resources and yes-replace is false; nothing was executed. */
  | 'REPLACEMENT_REFUSED';

/** The one error class of @kube-aws/action. */
export class ActionError extends Error {
  readonly code: ActionErrorCode;

  constructor(code: ActionErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ActionError';
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** True for an ActionError from any copy of this package. */
  static is(value: unknown): value is ActionError {
    return typeof value === 'object' && value !== null && BRAND in value;
  }
}
