import type { ClusterConfig } from '@kube-aws/config-schema';

type Json = Record<string, unknown>;

interface Rule {
  readonly id: string;
  readonly group: 'Controller' | 'Worker';
  readonly protocol: 'tcp' | 'udp';
  readonly from: number;
  readonly to: number;
  readonly description: string;
  /** A CIDR block, or the security group (Controller/Worker) the traffic comes from. */
  readonly source: string;
}

/**
 * The only ports the cluster needs: the API on 443, SSH from the configured blocks, etcd among
 * controllers, kubelets from controllers, flannel VXLAN between nodes and NodePorts from the VPC.
 */
export function securityRules(config: ClusterConfig): Rule[] {
  const rules: Rule[] = [];
  config.apiAccessAllowedSourceCIDRs.forEach((cidr, index) =>
    rules.push({
      id: `API${index}`,
      group: 'Controller',
      protocol: 'tcp',
      from: 443,
      to: 443,
      description: 'Kubernetes API',
      source: cidr,
    }),
  );
  rules.push({
    id: 'APIFromWorker',
    group: 'Controller',
    protocol: 'tcp',
    from: 443,
    to: 443,
    description: 'Kubernetes API from workers',
    source: 'Worker',
  });
  for (const group of ['Controller', 'Worker'] as const) {
    config.sshAccessAllowedSourceCIDRs.forEach((cidr, index) =>
      rules.push({
        id: `SSH${index}`,
        group,
        protocol: 'tcp',
        from: 22,
        to: 22,
        description: 'SSH',
        source: cidr,
      }),
    );
    rules.push({
      id: 'KubeletFromController',
      group,
      protocol: 'tcp',
      from: 10250,
      to: 10250,
      description: 'kubelet API from the control plane',
      source: 'Controller',
    });
    for (const source of ['Controller', 'Worker'] as const) {
      rules.push({
        id: `VXLANFrom${source}`,
        group,
        protocol: 'udp',
        from: 8472,
        to: 8472,
        description: 'flannel VXLAN between nodes',
        source,
      });
    }
  }
  rules.push({
    id: 'EtcdFromController',
    group: 'Controller',
    protocol: 'tcp',
    from: 2379,
    to: 2380,
    description: 'etcd among controllers',
    source: 'Controller',
  });
  rules.push({
    id: 'NodePortsFromVPC',
    group: 'Worker',
    protocol: 'tcp',
    from: 30000,
    to: 32767,
    description: 'NodePorts from inside the VPC',
    source: config.vpcCIDR,
  });
  return rules;
}

/** The controller and worker security groups and every ingress rule, each its own resource. */
export function securityGroupResources(config: ClusterConfig): Json {
  const vpc = config.vpcId ?? { Ref: 'VPC' };
  const resources: Json = {};
  for (const group of ['Controller', 'Worker'] as const) {
    resources[`SecurityGroup${group}`] = {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: `kube-aws ${config.clusterName} ${group.toLowerCase()}s`,
        VpcId: vpc,
        SecurityGroupEgress: [
          { IpProtocol: '-1', CidrIp: '0.0.0.0/0', Description: 'all outbound traffic' },
        ],
        Tags: [
          { Key: 'Name', Value: `${config.clusterName}-${group.toLowerCase()}` },
          { Key: `kubernetes.io/cluster/${config.clusterName}`, Value: 'owned' },
        ],
      },
    };
  }
  for (const rule of securityRules(config)) {
    const source =
      rule.source === 'Controller' || rule.source === 'Worker'
        ? { SourceSecurityGroupId: { 'Fn::GetAtt': [`SecurityGroup${rule.source}`, 'GroupId'] } }
        : { CidrIp: rule.source };
    resources[`SecurityGroup${rule.group}Ingress${rule.id}`] = {
      Type: 'AWS::EC2::SecurityGroupIngress',
      Properties: {
        GroupId: { 'Fn::GetAtt': [`SecurityGroup${rule.group}`, 'GroupId'] },
        IpProtocol: rule.protocol,
        FromPort: rule.from,
        ToPort: rule.to,
        Description: rule.description,
        ...source,
      },
    };
  }
  return resources;
}
