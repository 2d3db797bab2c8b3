import {
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import type { AwsClients } from './AwsClients.js';
import { ProvisionError } from './ProvisionError.js';
import { awsCall } from './internal/awsCall.js';

/** What `kube-aws status` reports of the stack. */
export interface ClusterStatus {
  readonly clusterName: string;
  readonly stackStatus: string;
  readonly stackStatusReason: string | undefined;
  /** The controller's public IP: the A record externalDNSName needs. */
  readonly controllerIP: string | undefined;
  /** With the load balancer (HA controllers): its DNS name, what externalDNSName needs to name. */
  readonly apiLoadBalancer: string | undefined;
  readonly apiEndpoint: string | undefined;
  readonly terminationProtection: boolean;
  readonly outputs: Readonly<Record<string, string>>;
}

/**
 * The stack's status and outputs.
 * @throws {ProvisionError} `STACK_NOT_FOUND` when there is no stack.
 */
export async function describeCluster(
  clients: Pick<AwsClients, 'cloudFormation'>,
  clusterName: string,
): Promise<ClusterStatus> {
  let stacks;
  try {
    ({ Stacks: stacks } = await clients.cloudFormation.send(
      new DescribeStacksCommand({ StackName: clusterName }),
    ));
  } catch (error) {
    if (/does not exist/.test(String(error)))
      throw new ProvisionError(
        'STACK_NOT_FOUND',
        `there is no stack ${clusterName}; create it with kube-aws up`,
        { cause: error },
      );
    return awsCall('DescribeStacks', `stack ${clusterName}`, () => Promise.reject(error));
  }
  const stack = stacks?.[0];
  if (stack === undefined)
    throw new ProvisionError(
      'STACK_NOT_FOUND',
      `there is no stack ${clusterName}; create it with kube-aws up`,
    );
  const outputs: Record<string, string> = Object.fromEntries(
    (stack.Outputs ?? []).map((output) => [output.OutputKey ?? '', output.OutputValue ?? '']),
  );
  if (outputs.ControllerIP === undefined && (stack.StackStatus ?? '').endsWith('_COMPLETE')) {
    // Outputs can lag behind (or, in emulators, be missing); the Elastic IP's physical id is the address.
    const resources = await clients.cloudFormation
      .send(new DescribeStackResourcesCommand({ StackName: clusterName }))
      .catch(() => ({ StackResources: [] }));
    const address = resources.StackResources?.find(
      (resource) => resource.LogicalResourceId === 'EIPController0',
    )?.PhysicalResourceId;
    if (address !== undefined && /^\d+\.\d+\.\d+\.\d+$/.test(address))
      outputs.ControllerIP = address;
  }
  return {
    clusterName,
    stackStatus: stack.StackStatus ?? 'UNKNOWN',
    stackStatusReason: stack.StackStatusReason,
    controllerIP: outputs.ControllerIP,
    apiLoadBalancer: outputs.APILoadBalancerDNSName,
    apiEndpoint: outputs.APIEndpoint,
    terminationProtection: stack.EnableTerminationProtection === true,
    outputs,
  };
}
