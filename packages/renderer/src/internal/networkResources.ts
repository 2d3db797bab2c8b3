import type { ClusterConfig } from '@kube-aws/config-schema';

type Json = Record<string, unknown>;

/** A CloudFormation logical id from a name such as `gpu-1`: `Gpu1`, or `Pool3` if nothing is left. */
export function logicalId(name: string, index: number): string {
  const pascal = name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
  return pascal === '' ? `Pool${index}` : pascal;
}

/** A DependsOn entry, or nothing when there is nothing to wait for. */
export function dependsOn(names: readonly string[]): Json {
  return names.length === 0 ? {} : { DependsOn: [...new Set(names)].sort() };
}

export function subnetId(index: number): Json {
  return { Ref: `Subnet${index}` };
}

function tags(config: ClusterConfig, name: string, extra: Json[] = []): Json[] {
  return [
    { Key: 'Name', Value: `${config.clusterName}-${name}` },
    { Key: `kubernetes.io/cluster/${config.clusterName}`, Value: 'owned' },
    ...extra,
  ];
}

/**
 * What a node in subnet `index` needs before it boots: the subnet's default route (to the internet
 * gateway or the NAT gateway) and its route table association, so no node starts without egress
 * and fails its downloads for good.
 */
export function egressDependsOn(config: ClusterConfig, index: number): string[] {
  const subnet = config.subnets[index]!;
  const route = subnet.private
    ? ['RouteToNAT']
    : config.vpcId === undefined
      ? ['RouteToInternet']
      : [];
  const associated =
    subnet.private || config.vpcId === undefined || config.routeTableId !== undefined;
  return [...route, ...(associated ? [`Subnet${index}RouteTableAssociation`] : [])];
}

/** What an Elastic IP needs: an EIP in a VPC needs its internet gateway attached (AWS::EC2::EIP). */
export function eipDependsOn(config: ClusterConfig): string[] {
  return config.vpcId === undefined ? ['VPCGatewayAttachment'] : [];
}

/**
 * The VPC (unless vpcId names an existing one), its internet gateway and public route table, the
 * subnets with their route table associations, and a NAT gateway when some subnets are private.
 */
export function networkResources(config: ClusterConfig): Json {
  const resources: Json = {};
  const vpc = config.vpcId ?? { Ref: 'VPC' };
  const publicRouteTable = config.vpcId === undefined ? { Ref: 'RouteTable' } : config.routeTableId;
  if (config.vpcId === undefined) {
    resources.VPC = {
      Type: 'AWS::EC2::VPC',
      Properties: {
        CidrBlock: '{{ config.vpcCIDR }}',
        EnableDnsHostnames: true,
        EnableDnsSupport: true,
        Tags: tags(config, 'vpc'),
      },
    };
    resources.InternetGateway = {
      Type: 'AWS::EC2::InternetGateway',
      Properties: { Tags: tags(config, 'igw') },
    };
    resources.VPCGatewayAttachment = {
      Type: 'AWS::EC2::VPCGatewayAttachment',
      Properties: { VpcId: vpc, InternetGatewayId: { Ref: 'InternetGateway' } },
    };
    resources.RouteTable = {
      Type: 'AWS::EC2::RouteTable',
      Properties: { VpcId: vpc, Tags: tags(config, 'public') },
    };
    resources.RouteToInternet = {
      Type: 'AWS::EC2::Route',
      DependsOn: 'VPCGatewayAttachment',
      Properties: {
        RouteTableId: { Ref: 'RouteTable' },
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: { Ref: 'InternetGateway' },
      },
    };
  }
  config.subnets.forEach((subnet, index) => {
    const role = subnet.private ? 'kubernetes.io/role/internal-elb' : 'kubernetes.io/role/elb';
    resources[`Subnet${index}`] = {
      Type: 'AWS::EC2::Subnet',
      Properties: {
        VpcId: vpc,
        CidrBlock: `{{ config.subnets[${index}].instanceCIDR }}`,
        AvailabilityZone: `{{ config.subnets[${index}].availabilityZone }}`,
        MapPublicIpOnLaunch: !subnet.private,
        Tags: tags(config, subnet.name, [{ Key: role, Value: '1' }]),
      },
    };
    const routeTable = subnet.private ? { Ref: 'RouteTablePrivate' } : publicRouteTable;
    if (routeTable !== undefined) {
      resources[`Subnet${index}RouteTableAssociation`] = {
        Type: 'AWS::EC2::SubnetRouteTableAssociation',
        Properties: { SubnetId: subnetId(index), RouteTableId: routeTable },
      };
    }
  });
  const firstPublic = config.subnets.findIndex((subnet) => !subnet.private);
  if (config.subnets.some((subnet) => subnet.private)) {
    resources.NATGatewayEIP = {
      Type: 'AWS::EC2::EIP',
      ...dependsOn(eipDependsOn(config)),
      Properties: { Domain: 'vpc' },
    };
    resources.NATGateway = {
      Type: 'AWS::EC2::NatGateway',
      Properties: {
        AllocationId: { 'Fn::GetAtt': ['NATGatewayEIP', 'AllocationId'] },
        SubnetId: subnetId(firstPublic),
        Tags: tags(config, 'nat'),
      },
    };
    resources.RouteTablePrivate = {
      Type: 'AWS::EC2::RouteTable',
      Properties: { VpcId: vpc, Tags: tags(config, 'private') },
    };
    resources.RouteToNAT = {
      Type: 'AWS::EC2::Route',
      Properties: {
        RouteTableId: { Ref: 'RouteTablePrivate' },
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: { Ref: 'NATGateway' },
      },
    };
  }
  return resources;
}
