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
import { describeStackStatus } from './planDeployment.js';
import { ProvisionError } from './ProvisionError.js';
import { awsCall } from './internal/awsCall.js';
import { describeFailure } from './executeChangePlan.js';
import { existingEventIds, rootCause, watchStackEvents } from './watchStackEvents.js';
import type { StackEventLine } from './watchStackEvents.js';

export interface DestroyOptions {
  /** Turn termination protection off first. */
  readonly force: boolean;
  readonly onEvent: (event: StackEventLine) => void;
  readonly signal?: AbortSignal;
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
 * Deletes the stack and follows it. When deletion fails because of what Kubernetes created, the
 * error names those resources and what to do.
 * @throws {ProvisionError} `STACK_NOT_FOUND`, `TERMINATION_PROTECTED`, `STACK_FAILED` or `WAIT_INTERRUPTED`.
 */
export async function destroyStack(
  clients: AwsClients,
  clusterName: string,
  options: DestroyOptions,
): Promise<void> {
  const current = await describeStackStatus(clients, clusterName);
  if (current === undefined)
    throw new ProvisionError('STACK_NOT_FOUND', `there is no stack ${clusterName} to destroy`);
  if (current.protected) {
    if (!options.force)
      throw new ProvisionError(
        'TERMINATION_PROTECTED',
        `stack ${clusterName} has termination protection on; run kube-aws destroy --force to turn it off and delete the cluster`,
      );
    await awsCall('UpdateTerminationProtection', clusterName, () =>
      clients.cloudFormation.send(
        new UpdateTerminationProtectionCommand({
          StackName: clusterName,
          EnableTerminationProtection: false,
        }),
      ),
    );
  }
  const { Stacks } = await awsCall('DescribeStacks', clusterName, () =>
    clients.cloudFormation.send(new DescribeStacksCommand({ StackName: clusterName })),
  );
  const vpcId = Stacks?.[0]?.Outputs?.find((output) => output.OutputKey === 'VpcId')?.OutputValue;
  const existing = await existingEventIds(clients, clusterName);
  try {
    await awsCall('DeleteStack', clusterName, () =>
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
    ...(options.signal === undefined ? {} : { signal: options.signal }),
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
