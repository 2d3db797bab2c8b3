import { CLUSTER_TAG } from './describeStackStatus.js';
import type { StackState } from './describeStackStatus.js';
import { ProvisionError } from './ProvisionError.js';

/**
 * Refuses a stack of the cluster's name that kube-aws did not make for this cluster: its
 * `kube-aws:cluster` tag is missing or names another. A stack still in REVIEW_IN_PROGRESS without
 * the tag is only the shell of an unexecuted change set, with no resources, and passes.
 * @throws {ProvisionError} `STACK_NOT_OWNED`.
 */
export function assertStackOwner(stack: StackState, stackName: string, clusterName: string): void {
  if (stack.owner === clusterName) return;
  if (stack.owner === undefined && stack.status === 'REVIEW_IN_PROGRESS') return;
  const tag =
    stack.owner === undefined
      ? `it has no ${CLUSTER_TAG} tag`
      : `its ${CLUSTER_TAG} tag is ${JSON.stringify(stack.owner)}`;
  throw new ProvisionError(
    'STACK_NOT_OWNED',
    `stack ${stackName} (${stack.status}) was not made by kube-aws for cluster ${clusterName}: ${tag}. kube-aws changes nothing in a stack it did not make. Choose another clusterName in cluster.yaml, or delete that stack yourself if nothing needs it`,
  );
}
