import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { KUBERNETES_VERSION_OUTPUT } from '@kube-aws/renderer';
import type { AwsClients } from './AwsClients.js';
import { awsFailure } from './awsFailure.js';
import { interruptedBeforeChanges, isAborted } from './internal/interrupted.js';

/** The tag on every stack kube-aws makes; its value is the cluster's name. */
export const CLUSTER_TAG = 'kube-aws:cluster';

/** What a stack is now, as far as kube-aws decides on it. */
export interface StackState {
  readonly status: string;
  readonly id: string;
  readonly protected: boolean;
  /** The value of its `kube-aws:cluster` tag: the cluster that made it; undefined without the tag. */
  readonly owner: string | undefined;
  /** The Kubernetes release the stack runs (its KubernetesVersion output); undefined when it records none. */
  readonly kubernetesVersion: string | undefined;
}

/**
 * What the stack is now: undefined when there is none.
 * @throws {ProvisionError} `NO_CREDENTIALS`, `AWS_ERROR`, or `INTERRUPTED` when the signal aborts.
 */
export async function describeStackStatus(
  clients: Pick<AwsClients, 'cloudFormation'>,
  stackName: string,
  signal?: AbortSignal,
): Promise<StackState | undefined> {
  try {
    const { Stacks } = await clients.cloudFormation.send(
      new DescribeStacksCommand({ StackName: stackName }),
      signal === undefined ? {} : { abortSignal: signal },
    );
    const stack = Stacks?.[0];
    if (stack === undefined) return undefined;
    return {
      status: stack.StackStatus ?? 'UNKNOWN',
      id: stack.StackId ?? stackName,
      protected: stack.EnableTerminationProtection === true,
      owner: stack.Tags?.find((tag) => tag.Key === CLUSTER_TAG)?.Value,
      kubernetesVersion: stack.Outputs?.find(
        (output) => output.OutputKey === KUBERNETES_VERSION_OUTPUT,
      )?.OutputValue,
    };
  } catch (error) {
    if (/does not exist/.test(String(error))) return undefined;
    if (isAborted(signal)) throw interruptedBeforeChanges(stackName, signal);
    throw awsFailure('DescribeStacks', `stack ${stackName}`, error);
  }
}
