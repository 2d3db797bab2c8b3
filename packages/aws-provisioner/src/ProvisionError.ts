const BRAND = Symbol.for('@kube-aws/aws-provisioner.ProvisionError');

/** Error codes of @kube-aws/aws-provisioner. */
export type ProvisionErrorCode =
  /** A pre-flight check failed; nothing was created. The user's account or config is at fault. */
  | 'PREFLIGHT_FAILED'
  /** The template is over 51,200 bytes and no s3URI says where to upload it. */
  | 'TEMPLATE_TOO_LARGE'
  /** The stack is in ROLLBACK_COMPLETE and can only be deleted and created again. */
  | 'STACK_ROLLED_BACK'
  /** The stack does not exist (status, update, destroy) or already exists (up). */
  | 'STACK_NOT_FOUND'
  | 'STACK_EXISTS'
  /** Creating, updating or deleting the stack failed; `message` names the root cause. */
  | 'STACK_FAILED'
  /** Termination protection is on and --force was not given. */
  | 'TERMINATION_PROTECTED'
  /** Another operation is changing the stack (`*_IN_PROGRESS`); kube-aws changed nothing. */
  | 'STACK_BUSY'
  /** A stack of the cluster's name exists, but its `kube-aws:cluster` tag does not name the cluster. */
  | 'STACK_NOT_OWNED'
  /** Waiting was interrupted (Ctrl-C); the stack operation goes on. */
  | 'WAIT_INTERRUPTED'
  /** Interrupted before ExecuteChangeSet (or DeleteStack): nothing was executed, the change set is deleted. */
  | 'INTERRUPTED'
  /** The SDK's credential chain found no credentials; the message lists the ways to provide them. */
  | 'NO_CREDENTIALS'
  /** kubernetesVersion skips a minor release or goes back from what the stack runs; nothing changed. */
  | 'VERSION_SKEW'
  /** A sealed secret opened to a plaintext whose SHA-256 is not the recorded fingerprint. */
  | 'SEAL_MISMATCH'
  /** `kube-aws etcd restore --from` names no snapshot of the cluster's. */
  | 'SNAPSHOT_NOT_FOUND'
  /** An AWS call failed; `cause` is the SDK error. */
  | 'AWS_ERROR';

/** The one error class of @kube-aws/aws-provisioner. */
export class ProvisionError extends Error {
  readonly code: ProvisionErrorCode;

  constructor(code: ProvisionErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProvisionError';
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** True for a ProvisionError from any copy of this package. */
  static is(value: unknown): value is ProvisionError {
    return typeof value === 'object' && value !== null && BRAND in value;
  }
}
