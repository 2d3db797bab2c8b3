import {
  DeleteStackCommand,
  DescribeStacksCommand,
  UpdateTerminationProtectionCommand,
} from '@aws-sdk/client-cloudformation';
import {
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVolumesCommand,
} from '@aws-sdk/client-ec2';
import type { AwsClients } from './AwsClients.js';
import { assertStackOwner } from './assertStackOwner.js';
import { describeStackStatus } from './describeStackStatus.js';
import { ProvisionError } from './ProvisionError.js';
import { awsCall } from './internal/awsCall.js';
import { interruptedBeforeChanges, isAborted } from './internal/interrupted.js';
import { describeFailure } from './executeChangePlan.js';
import { existingEventIds, rootCause, watchStackEvents } from './watchStackEvents.js';
import type { StackEventLine } from './watchStackEvents.js';

export interface DestroyOptions {
  /** Turn termination protection off first. */
  readonly force: boolean;
  readonly onEvent: (event: StackEventLine) => void;
  /**
   * Ctrl-C. Aborted before DeleteStack, nothing is deleted (`INTERRUPTED`); after it, only the
   * watching stops (`WAIT_INTERRUPTED`).
   */
  readonly signal?: AbortSignal;
  /** @default 5000 */
  readonly pollMs?: number;
}

/**
 * What Kubernetes made in the cluster's VPC that CloudFormation does not know and that blocks its
 * deletion: load balancers of Services of type LoadBalancer (their network interfaces and security
 * groups) and EBS volumes of PersistentVolumes.
 */
export async function findKubernetesLeftovers(
  clients: AwsClients,
  clusterName: string,
  vpcId: string | undefined,
): Promise<string[]> {
  const found: string[] = [];
  if (vpcId !== undefined) {
    const { NetworkInterfaces } = await clients.ec2.send(
      new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
    );
    for (const eni of NetworkInterfaces ?? []) {
      const match = /^ELB (?:(?:app|net)\/)?([^/\s]+)/.exec(eni.Description ?? '');
      if (match !== null)
        found.push(`load balancer ${match[1]} (network interface ${eni.NetworkInterfaceId})`);
    }
    const { SecurityGroups } = await clients.ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
    );
    for (const group of SecurityGroups ?? []) {
      if ((group.GroupName ?? '').startsWith('k8s-elb-'))
        found.push(`security group ${group.GroupName} (${group.GroupId}) of a load balancer`);
    }
  }
  const { Volumes } = await clients.ec2.send(
    new DescribeVolumesCommand({
      Filters: [
        { Name: `tag:kubernetes.io/cluster/${clusterName}`, Values: ['owned'] },
        { Name: 'status', Values: ['available'] },
      ],
    }),
  );
  for (const volume of Volumes ?? []) found.push(`EBS volume ${volume.VolumeId}`);
  return [...new Set(found)];
}

/**
 * Deletes the cluster's stack and follows it. A stack of that name whose `kube-aws:cluster` tag does
 * not name the cluster is refused untouched. When deletion fails because of what Kubernetes
 * created, the error names those resources and what to do.
 * @throws {ProvisionError} `STACK_NOT_FOUND`, `STACK_NOT_OWNED`, `TERMINATION_PROTECTED`,
 *   `STACK_FAILED`, `INTERRUPTED` or `WAIT_INTERRUPTED`.
 */
export async function destroyStack(
  clients: AwsClients,
  clusterName: string,
  options: DestroyOptions,
): Promise<void> {
  const { signal } = options;
  const current = await describeStackStatus(clients, clusterName);
  if (current === undefined)
    throw new ProvisionError('STACK_NOT_FOUND', `there is no stack ${clusterName} to destroy`);
  assertStackOwner(current, clusterName, clusterName);
  if (isAborted(signal)) throw interruptedBeforeChanges(clusterName, signal);
  const unprotected = current.protected;
  if (current.protected) {
    if (!options.force)
      throw new ProvisionError(
        'TERMINATION_PROTECTED',
        `stack ${clusterName} has termination protection on; run kube-aws destroy --force to turn it off and delete the cluster`,
      );
    await awsCall('UpdateTerminationProtection', `stack ${clusterName}`, () =>
      clients.cloudFormation.send(
        new UpdateTerminationProtectionCommand({
          StackName: clusterName,
          EnableTerminationProtection: false,
        }),
      ),
    );
  }
  const { Stacks } = await awsCall('DescribeStacks', `stack ${clusterName}`, () =>
    clients.cloudFormation.send(new DescribeStacksCommand({ StackName: clusterName })),
  );
  const vpcId = Stacks?.[0]?.Outputs?.find((output) => output.OutputKey === 'VpcId')?.OutputValue;
  const existing = await existingEventIds(clients, clusterName, signal);
  if (isAborted(signal))
    throw unprotected
      ? new ProvisionError(
          'INTERRUPTED',
          `interrupted before DeleteStack: nothing of ${clusterName} is deleted, but its termination protection is off now`,
          { cause: signal?.reason },
        )
      : interruptedBeforeChanges(clusterName, signal);
  try {
    await awsCall('DeleteStack', `stack ${clusterName}`, () =>
      clients.cloudFormation.send(new DeleteStackCommand({ StackName: clusterName })),
    );
  } catch (error) {
    // DeleteStack only starts a deletion; if the call fails yet the stack is gone (as emulators do), it is deleted.
    if ((await describeStackStatus(clients, clusterName)) !== undefined) throw error;
    return;
  }
  const { status, events } = await watchStackEvents(clients, clusterName, {
    existing,
    stackId: current.id,
    onEvent: options.onEvent,
    ...(signal === undefined ? {} : { signal }),
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
  if (status === 'DELETE_COMPLETE') return;
  const leftovers = await findKubernetesLeftovers(clients, clusterName, vpcId).catch(() => []);
  const advice =
    leftovers.length === 0
      ? ''
      : ` Kubernetes made resources CloudFormation cannot delete: ${leftovers.join('; ')}. Delete the Services of type LoadBalancer and PersistentVolumes first (kubectl delete svc,pvc --all-namespaces --all), or these resources in the AWS console, then run kube-aws destroy again.`;
  throw new ProvisionError(
    'STACK_FAILED',
    `deleting ${clusterName} ended in ${status}. Root cause: ${describeFailure(rootCause(events), status)}.${advice}`,
  );
}
