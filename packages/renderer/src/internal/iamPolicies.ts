import type { ClusterConfig } from '@kube-aws/config-schema';
import { NODE_ASSETS } from '../nodeAssets.js';
import type { NodeAssetList } from '../nodeAssets.js';
import { s3Location } from './s3Location.js';
import { apiEndpointParameterName, secretParameterPath } from './templateContext.js';
import { controllerStatements } from './controllerStatements.js';

type Json = Record<string, unknown>;

// What cloud-provider-aws documents for the cloud-controller-manager on the control plane.
const CLOUD_CONTROLLER_ACTIONS = [
  'autoscaling:DescribeAutoScalingGroups',
  'autoscaling:DescribeLaunchConfigurations',
  'autoscaling:DescribeTags',
  'ec2:DescribeInstances',
  'ec2:DescribeRegions',
  'ec2:DescribeRouteTables',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeVolumes',
  'ec2:DescribeAvailabilityZones',
  'ec2:DescribeVpcs',
  'ec2:DescribeInstanceTopology',
  'ec2:CreateSecurityGroup',
  'ec2:CreateTags',
  'ec2:CreateVolume',
  'ec2:ModifyInstanceAttribute',
  'ec2:ModifyVolume',
  'ec2:AttachVolume',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:CreateRoute',
  'ec2:DeleteRoute',
  'ec2:DeleteSecurityGroup',
  'ec2:DeleteVolume',
  'ec2:DetachVolume',
  'ec2:RevokeSecurityGroupIngress',
  'elasticloadbalancing:AddTags',
  'elasticloadbalancing:AttachLoadBalancerToSubnets',
  'elasticloadbalancing:ApplySecurityGroupsToLoadBalancer',
  'elasticloadbalancing:CreateLoadBalancer',
  'elasticloadbalancing:CreateLoadBalancerPolicy',
  'elasticloadbalancing:CreateLoadBalancerListeners',
  'elasticloadbalancing:ConfigureHealthCheck',
  'elasticloadbalancing:DeleteLoadBalancer',
  'elasticloadbalancing:DeleteLoadBalancerListeners',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeLoadBalancerAttributes',
  'elasticloadbalancing:DetachLoadBalancerFromSubnets',
  'elasticloadbalancing:DeregisterInstancesFromLoadBalancer',
  'elasticloadbalancing:ModifyLoadBalancerAttributes',
  'elasticloadbalancing:RegisterInstancesWithLoadBalancer',
  'elasticloadbalancing:SetLoadBalancerPoliciesForBackendServer',
  'elasticloadbalancing:CreateListener',
  'elasticloadbalancing:CreateTargetGroup',
  'elasticloadbalancing:DeleteListener',
  'elasticloadbalancing:DeleteTargetGroup',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeLoadBalancerPolicies',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth',
  'elasticloadbalancing:ModifyListener',
  'elasticloadbalancing:ModifyTargetGroup',
  'elasticloadbalancing:RegisterTargets',
  'elasticloadbalancing:DeregisterTargets',
  'elasticloadbalancing:SetLoadBalancerPoliciesOfListener',
  'iam:CreateServiceLinkedRole',
  'kms:DescribeKey',
];

// What cloud-provider-aws documents for nodes, and what drain-on-termination reads to find its group.
const NODE_ACTIONS = [
  'ec2:DescribeInstances',
  'ec2:DescribeRegions',
  'autoscaling:DescribeAutoScalingInstances',
];

/**
 * A worker signals its group once Ready (signal-ready), and lets its group's termination go on
 * once drained (drain-on-termination): only in this stack and its worker groups, which
 * CloudFormation names <stack>-AutoScaleWorker<pool>-<suffix>.
 */
const ROLLING_UPDATE_STATEMENTS: Json[] = [
  {
    Sid: 'SignalReady',
    Effect: 'Allow',
    Action: 'cloudformation:SignalResource',
    Resource: { Ref: 'AWS::StackId' },
  },
  {
    Sid: 'CompleteDrain',
    Effect: 'Allow',
    Action: 'autoscaling:CompleteLifecycleAction',
    Resource: {
      'Fn::Sub':
        'arn:${AWS::Partition}:autoscaling:${AWS::Region}:${AWS::AccountId}:autoScalingGroup:*:autoScalingGroupName/${AWS::StackName}-AutoScaleWorker*',
    },
  },
];

function decrypt(config: ClusterConfig): Json {
  return {
    Sid: 'DecryptTLSAssets',
    Effect: 'Allow',
    Action: 'kms:Decrypt',
    Resource: config.kmsKeyArn,
  };
}

/** The SSM parameters a kind of node reads: a worker its own secrets, a controller all of them. */
function readParameters(names: readonly string[]): Json {
  return {
    Sid: 'ReadOwnParameters',
    Effect: 'Allow',
    Action: 'ssm:GetParameter',
    Resource: names.map((name) => ({
      'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${name}`,
    })),
  };
}

/** With the load balancer, every node reads its DNS name from the stack's parameter. */
function apiEndpoint(config: ClusterConfig): string[] {
  return config.controller.loadBalancer ? [apiEndpointParameterName(config)] : [];
}

function secretParameters(config: ClusterConfig, list: NodeAssetList): string[] {
  return list.encrypted.map((name) => `${secretParameterPath(config)}${name}`);
}

/** With s3URI, nodes read their own cloud-configs, and nothing else, from the bucket. */
function readUserdata(config: ClusterConfig): Json[] {
  if (config.s3URI === undefined) return [];
  const { bucket, prefix } = s3Location(config.s3URI, config.clusterName);
  return [
    {
      Sid: 'ReadCloudConfig',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:s3:::${bucket}/${prefix}/userdata/*` },
    },
  ];
}

/** The controller role: the cloud-controller-manager's documented actions, and kms:Decrypt on the cluster key only. */
export function controllerPolicy(config: ClusterConfig): Json {
  return {
    Version: '2012-10-17',
    Statement: [
      decrypt(config),
      // Every parameter of the cluster is one a controller reads (its secrets, which include the
      // workers', the add-ons, the etcd tools, the endpoint): one pattern, for the inline template's
      // size (haControlPlane.test.ts keeps it so).
      readParameters([`${secretParameterPath(config)}*`]),
      ...readUserdata(config),
      ...controllerStatements(config),
      {
        Sid: 'CloudControllerManager',
        Effect: 'Allow',
        Action: CLOUD_CONTROLLER_ACTIONS,
        Resource: '*',
      },
    ],
  };
}

/** The worker role: what the kubelet needs of EC2, and kms:Decrypt on the cluster key only. */
export function workerPolicy(config: ClusterConfig): Json {
  return {
    Version: '2012-10-17',
    Statement: [
      decrypt(config),
      readParameters([...secretParameters(config, NODE_ASSETS.worker), ...apiEndpoint(config)]),
      ...readUserdata(config),
      { Sid: 'Node', Effect: 'Allow', Action: NODE_ACTIONS, Resource: '*' },
      ...ROLLING_UPDATE_STATEMENTS,
    ],
  };
}
