import type { StackState } from './describeStackStatus.js';
import { ProvisionError } from './ProvisionError.js';

/**
 * Refuses a stack that another operation is changing (`*_IN_PROGRESS`, except the
 * REVIEW_IN_PROGRESS of a change set not yet executed): a second `up` or `update` waits its turn.
 * @throws {ProvisionError} `STACK_BUSY`.
 */
export function assertStackIdle(stack: StackState, stackName: string): void {
  if (stack.status === 'REVIEW_IN_PROGRESS' || !stack.status.endsWith('_IN_PROGRESS')) return;
  throw new ProvisionError(
    'STACK_BUSY',
    `stack ${stackName} is busy (${stack.status}): another operation is changing it, and kube-aws changed nothing. Follow it with kube-aws status, then try again`,
  );
}
