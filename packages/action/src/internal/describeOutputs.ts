import { describeCluster, ProvisionError } from '@kube-aws/aws-provisioner';
import type { AwsClients } from '@kube-aws/aws-provisioner';
import type { ClusterConfig } from '@kube-aws/config-schema';

/**
 * The outputs that describe the stack: `stack-status` (NONE without one), `controller-ip`,
 * `api-endpoint`, and `stack-outputs`, every output of the stack as one JSON object.
 */
export async function describeOutputs(
  clients: Pick<AwsClients, 'cloudFormation'>,
  config: ClusterConfig,
): Promise<Record<string, string>> {
  const status = await describeCluster(clients, config.clusterName).catch((error: unknown) => {
    if (ProvisionError.is(error) && error.code === 'STACK_NOT_FOUND') return undefined;
    throw error;
  });
  // A plan's empty REVIEW_IN_PROGRESS stack is no stack yet.
  if (status === undefined || status.stackStatus === 'REVIEW_IN_PROGRESS')
    return { 'stack-status': 'NONE', 'stack-outputs': '{}' };
  return {
    'stack-status': status.stackStatus,
    'controller-ip': status.controllerIP ?? '',
    'api-endpoint': status.apiEndpoint ?? `https://${config.externalDNSName}`,
    'stack-outputs': JSON.stringify(status.outputs),
  };
}
