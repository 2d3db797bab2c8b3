import type { ClusterConfig } from '@kube-aws/config-schema';
import { controllerSubnetIndexes } from './controllerResources.js';
import { dependsOn, subnetId } from './networkResources.js';
import { apiEndpointParameterName } from './templateContext.js';

type Json = Record<string, unknown>;

/**
 * The load balancer's subnets: for each zone a controller is in, the first public subnet of that
 * zone. A target in a zone the load balancer is not in would never receive traffic (ELB: targets
 * of type ip), so config-schema refuses a controller zone without a public subnet.
 */
export function loadBalancerSubnets(config: ClusterConfig): number[] {
  const zones = [
    ...new Set(
      controllerSubnetIndexes(config).map((index) => config.subnets[index]!.availabilityZone),
    ),
  ];
  return zones.map((zone) =>
    config.subnets.findIndex((subnet) => subnet.availabilityZone === zone && !subnet.private),
  );
}

/**
 * One API endpoint (with controller.loadBalancer): an internet-facing network load balancer, TCP
 * 443, in front of the controllers' fixed addresses (targets of type ip: they outlive instances,
 * and a controller's own kube-proxy can reach the API through it, which client IP preservation
 * would break), healthy when `/readyz` answers 200 to an anonymous request (the API server lets
 * anonymous requests reach the health endpoints only). Its security group takes
 * apiAccessAllowedSourceCIDRs and the nodes; the controllers take 443 from it. Its DNS name is in
 * an SSM parameter, where nodes read it (the API server certificate covers
 * `*.elb.<region>.amazonaws.com`). docs/adr/0018-ha-control-plane.md
 */
export function loadBalancerResources(config: ClusterConfig): Json {
  if (!config.controller.loadBalancer) return {};
  const vpc = config.vpcId ?? { Ref: 'VPC' };
  const group = (name: string) => ({ 'Fn::GetAtt': [name, 'GroupId'] });
  const ingress = (source: Json, description: string) => ({
    Type: 'AWS::EC2::SecurityGroupIngress',
    Properties: {
      GroupId: group('SecurityGroupAPILoadBalancer'),
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      Description: description,
      ...source,
    },
  });
  const resources: Json = {
    SecurityGroupAPILoadBalancer: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: `kube-aws ${config.clusterName} API load balancer`,
        VpcId: vpc,
        SecurityGroupEgress: [
          {
            IpProtocol: 'tcp',
            FromPort: 443,
            ToPort: 443,
            CidrIp: '{{ config.vpcCIDR }}',
            Description: 'API servers',
          },
        ],
        Tags: [
          { Key: 'Name', Value: `${config.clusterName}-api` },
          { Key: `kubernetes.io/cluster/${config.clusterName}`, Value: 'owned' },
        ],
      },
    },
    SecurityGroupAPILoadBalancerIngressFromWorker: ingress(
      { SourceSecurityGroupId: group('SecurityGroupWorker') },
      'Kubernetes API from workers',
    ),
    SecurityGroupAPILoadBalancerIngressFromController: ingress(
      { SourceSecurityGroupId: group('SecurityGroupController') },
      'Kubernetes API from controllers (kube-proxy, flannel)',
    ),
    SecurityGroupControllerIngressAPIFromLoadBalancer: {
      Type: 'AWS::EC2::SecurityGroupIngress',
      Properties: {
        GroupId: group('SecurityGroupController'),
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        Description: 'Kubernetes API and its health check from the load balancer',
        SourceSecurityGroupId: group('SecurityGroupAPILoadBalancer'),
      },
    },
    APILoadBalancer: {
      Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      ...dependsOn(config.vpcId === undefined ? ['VPCGatewayAttachment'] : []),
      Properties: {
        Type: 'network',
        Scheme: 'internet-facing',
        Subnets: loadBalancerSubnets(config).map(subnetId),
        SecurityGroups: [{ Ref: 'SecurityGroupAPILoadBalancer' }],
        LoadBalancerAttributes: [{ Key: 'load_balancing.cross_zone.enabled', Value: 'true' }],
        Tags: [{ Key: `kubernetes.io/cluster/${config.clusterName}`, Value: 'owned' }],
      },
    },
    APITargetGroup: {
      Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
      Properties: {
        Protocol: 'TCP',
        Port: 443,
        TargetType: 'ip',
        VpcId: vpc,
        HealthCheckProtocol: 'HTTPS',
        HealthCheckPath: '/readyz',
        HealthCheckIntervalSeconds: 10,
        HealthyThresholdCount: 2,
        UnhealthyThresholdCount: 2,
        Matcher: { HttpCode: '200' },
        TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }],
        Targets: config.controller.privateIPs.map((_, index) => ({
          Id: `{{ config.controller.privateIPs[${index}] }}`,
          Port: 443,
        })),
      },
    },
    APIListener: {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Properties: {
        LoadBalancerArn: { Ref: 'APILoadBalancer' },
        Protocol: 'TCP',
        Port: 443,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'APITargetGroup' } }],
      },
    },
    APIEndpointParameter: {
      Type: 'AWS::SSM::Parameter',
      Properties: {
        Name: apiEndpointParameterName(config),
        Type: 'String',
        Value: { 'Fn::GetAtt': ['APILoadBalancer', 'DNSName'] },
      },
    },
  };
  config.apiAccessAllowedSourceCIDRs.forEach((cidr, index) => {
    resources[`SecurityGroupAPILoadBalancerIngressAPI${index}`] = ingress(
      { CidrIp: cidr },
      'Kubernetes API',
    );
  });
  return resources;
}
