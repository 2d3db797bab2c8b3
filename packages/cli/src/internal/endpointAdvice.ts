import type { ClusterStatus } from '@kube-aws/aws-provisioner';
import type { ClusterConfig } from '@kube-aws/config-schema';

/** Where the API is reached: the controller's Elastic IP, or the load balancer of HA controllers. */
export function endpointLine(status: ClusterStatus): string {
  return status.apiLoadBalancer === undefined
    ? `Controller IP: ${status.controllerIP ?? '-'}`
    : `Load balancer: ${status.apiLoadBalancer}`;
}

/** The DNS record externalDNSName needs when kube-aws does not make it (no createRecordSet). */
export function recordAdvice(config: ClusterConfig, status: ClusterStatus): string {
  return config.controller.loadBalancer
    ? `create an alias or CNAME record ${config.externalDNSName} -> ${status.apiLoadBalancer ?? '<the load balancer>'} at your DNS provider.`
    : `create an A record ${config.externalDNSName} -> ${status.controllerIP ?? '<controller IP>'} at your DNS provider.`;
}
