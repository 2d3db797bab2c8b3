import type { ClusterConfig, NodePoolConfig, RootVolumeConfig } from '@kube-aws/config-schema';
import { controllerPolicy, workerPolicy } from './iamPolicies.js';
import { securityGroupResources } from './securityGroups.js';
import {
  dependsOn,
  egressDependsOn,
  logicalId,
  networkResources,
  subnetId,
} from './networkResources.js';
import { encryptedAssetNames, NODE_ASSETS } from '../nodeAssets.js';
import { controllerResources } from './controllerResources.js';
import { etcdResources } from './etcdResources.js';
import { loadBalancerResources } from './loadBalancer.js';
import { addonsParameterName, secretParameterPath } from './templateContext.js';
import { rollDependencies, workerRollingUpdate } from './updatePolicies.js';
import { versionOutput } from '../versionOutput.js';
import { workerGroupId } from '../workerGroupId.js';

type Json = Record<string, unknown>;

/** Tags for everything the cloud controller must find as part of this cluster. */
export function clusterTags(config: ClusterConfig, name: string): Json[] {
  return [
    { Key: 'Name', Value: `${config.clusterName}-${name}` },
    { Key: `kubernetes.io/cluster/${config.clusterName}`, Value: 'owned' },
  ];
}

/** `at` is where the volume's values are in the `config` context: `controller`, `pools['a']`. */
function blockDevices(volume: RootVolumeConfig, at: string): Json[] {
  return [
    {
      DeviceName: '/dev/xvda',
      Ebs: {
        DeleteOnTermination: true,
        Encrypted: true,
        VolumeSize: `{{ config.${at}.rootVolume.size }}`,
        VolumeType: `{{ config.${at}.rootVolume.type }}`,
        ...(volume.iops === undefined ? {} : { Iops: `{{ config.${at}.rootVolume.iops }}` }),
      },
    },
  ];
}

/** Where a pool's values are in the `config` context of the stack template. */
function poolAt(pool: NodePoolConfig): string {
  return `pools['${pool.name}']`;
}

// IMDSv2 only, with a hop limit of 2 so containers on the node reach it too.
const METADATA_OPTIONS = {
  HttpEndpoint: 'enabled',
  HttpPutResponseHopLimit: 2,
  HttpTokens: 'required',
};

function iamResources(config: ClusterConfig): Json {
  const role = (policy: Json, managed: string[]) => ({
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'ec2.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      },
      ManagedPolicyArns: managed.map((name) => ({
        'Fn::Sub': `arn:\${AWS::Partition}:iam::aws:policy/${name}`,
      })),
      Policies: [{ PolicyName: 'kube-aws', PolicyDocument: policy }],
    },
  });
  return {
    IAMRoleController: role(controllerPolicy(config), [
      'AmazonEC2ContainerRegistryReadOnly',
      'service-role/AmazonEBSCSIDriverPolicy',
    ]),
    IAMInstanceProfileController: {
      Type: 'AWS::IAM::InstanceProfile',
      Properties: { Roles: [{ Ref: 'IAMRoleController' }] },
    },
    IAMRoleWorker: role(workerPolicy(config), ['AmazonEC2ContainerRegistryReadOnly']),
    IAMInstanceProfileWorker: {
      Type: 'AWS::IAM::InstanceProfile',
      Properties: { Roles: [{ Ref: 'IAMRoleWorker' }] },
    },
  };
}

export { workerGroupId };

function workerResources(config: ClusterConfig): Json {
  const resources: Json = {};
  config.worker.nodePools.forEach((pool, index) => {
    const template = `LaunchTemplateWorker${logicalId(pool.name, index)}`;
    resources[template] = {
      Type: 'AWS::EC2::LaunchTemplate',
      Properties: {
        LaunchTemplateData: {
          ImageId: '{{ amiId }}',
          InstanceType: `{{ config.${poolAt(pool)}.instanceType }}`,
          KeyName: '{{ config.keyName }}',
          IamInstanceProfile: { Arn: { 'Fn::GetAtt': ['IAMInstanceProfileWorker', 'Arn'] } },
          SecurityGroupIds: [{ Ref: 'SecurityGroupWorker' }],
          MetadataOptions: METADATA_OPTIONS,
          BlockDeviceMappings: blockDevices(pool.rootVolume, poolAt(pool)),
          UserData: `{{ userdata.workers['${pool.name}'] }}`,
          TagSpecifications: [
            { ResourceType: 'volume', Tags: clusterTags(config, `worker-${pool.name}`) },
          ],
        },
      },
    };
    const subnets = pool.subnets.map((name) =>
      config.subnets.findIndex((subnet) => subnet.name === name),
    );
    const rolling = workerRollingUpdate(poolAt(pool));
    resources[workerGroupId(pool, index)] = {
      Type: 'AWS::AutoScaling::AutoScalingGroup',
      ...dependsOn([
        ...subnets.flatMap((subnet) => egressDependsOn(config, subnet)),
        ...secretParameterIds(NODE_ASSETS.worker.encrypted),
        ...rollDependencies(config, { pool: index }, workerGroupId),
        ...(config.controller.loadBalancer ? ['APIEndpointParameter'] : []),
      ]),
      Properties: {
        LaunchTemplate: {
          LaunchTemplateId: { Ref: template },
          Version: { 'Fn::GetAtt': [template, 'LatestVersionNumber'] },
        },
        MinSize: `{{ config.${poolAt(pool)}.count }}`,
        DesiredCapacity: `{{ config.${poolAt(pool)}.count }}`,
        VPCZoneIdentifier: subnets.map(subnetId),
        HealthCheckType: 'EC2',
        HealthCheckGracePeriod: 600,
        Tags: clusterTags(config, `worker-${pool.name}`).map((tag) => ({
          ...tag,
          PropagateAtLaunch: true,
        })),
        ...rolling.properties,
      },
      UpdatePolicy: rolling.UpdatePolicy,
    };
  });
  return resources;
}

/** The logical ids of the SSM parameters holding these secrets (all of them by default). */
function secretParameterIds(names: readonly string[] = encryptedAssetNames()): string[] {
  return names.map((name) => `SecretParameter${logicalId(name, 0)}`);
}

/**
 * One SSM parameter per sealed secret, holding its KMS ciphertext, and one for the add-on
 * manifests: nodes fetch them at boot, so they take no room in the 16 KB userdata
 * (docs/adr/0009-boot-sequence.md).
 * Intelligent-Tiering keeps a parameter in the free tier unless its ciphertext passes 4 KB.
 */
function secretParameters(config: ClusterConfig): Json {
  const resources: Json = {};
  const ids = secretParameterIds();
  encryptedAssetNames().forEach((name, index) => {
    resources[ids[index]!] = {
      Type: 'AWS::SSM::Parameter',
      Properties: {
        Name: `${secretParameterPath(config)}${name}`,
        Type: 'String',
        Tier: 'Intelligent-Tiering',
        Value: `{{ sealed['${name}'] }}`,
      },
    };
  });
  resources.AddonsParameter = {
    Type: 'AWS::SSM::Parameter',
    Properties: {
      Name: addonsParameterName(config),
      Type: 'String',
      Tier: 'Intelligent-Tiering',
      Value: '{{ addons }}',
    },
  };
  return resources;
}

function dnsResources(config: ClusterConfig): Json {
  if (!config.createRecordSet) return {};
  const target = config.controller.loadBalancer
    ? {
        AliasTarget: {
          DNSName: { 'Fn::GetAtt': ['APILoadBalancer', 'DNSName'] },
          HostedZoneId: { 'Fn::GetAtt': ['APILoadBalancer', 'CanonicalHostedZoneID'] },
        },
      }
    : { TTL: '{{ config.recordSetTTL }}', ResourceRecords: [{ Ref: 'EIPController0' }] };
  return {
    ExternalDNS: {
      Type: 'AWS::Route53::RecordSet',
      Properties: {
        HostedZoneId: '{{ config.hostedZoneId }}',
        Name: '{{ config.externalDNSName }}',
        Type: 'A',
        ...target,
      },
    },
  };
}

function outputs(config: ClusterConfig): Json {
  const vpc = config.vpcId === undefined ? { Ref: 'VPC' } : config.vpcId;
  const endpoint = config.controller.loadBalancer
    ? {
        APILoadBalancerDNSName: {
          Description: 'DNS name of the API load balancer: the record externalDNSName needs',
          Value: { 'Fn::GetAtt': ['APILoadBalancer', 'DNSName'] },
        },
      }
    : {
        ControllerIP: {
          Description: 'Elastic IP of the controller: the record externalDNSName needs',
          Value: { Ref: 'EIPController0' },
        },
      };
  return {
    ...endpoint,
    APIEndpoint: {
      Description: 'Kubernetes API endpoint',
      Value: 'https://{{ config.externalDNSName }}',
    },
    VpcId: { Description: 'VPC of the cluster', Value: vpc },
    SubnetIds: {
      Description: 'Subnets of the cluster',
      Value: { 'Fn::Join': [',', config.subnets.map((_, index) => subnetId(index))] },
    },
    WorkerAutoScalingGroups: {
      Description: 'Auto scaling groups of the worker pools',
      Value: {
        'Fn::Join': [
          ',',
          config.worker.nodePools.map((pool, index) => ({ Ref: workerGroupId(pool, index) })),
        ],
      },
    },
    ...versionOutput(),
  };
}

/**
 * The default stack template of a cluster, as an object. Values known only when the stack is built
 * (userdata, the AMI) are nunjucks placeholders, so the template written by `render` can be edited.
 */
export function stackTemplateFor(config: ClusterConfig): Json {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `kube-aws Kubernetes cluster ${config.clusterName}`,
    Resources: {
      ...networkResources(config),
      ...securityGroupResources(config),
      ...iamResources(config),
      ...controllerResources(config, (name) => clusterTags(config, name)),
      ...etcdResources(config, (name) => clusterTags(config, name)),
      ...loadBalancerResources(config),
      ...workerResources(config),
      ...secretParameters(config),
      ...dnsResources(config),
    },
    Outputs: outputs(config),
  };
}
