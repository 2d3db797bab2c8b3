import type { ClusterConfig, NodePoolConfig, RootVolumeConfig } from '@kube-aws/config-schema';
import { controllerPolicy, workerPolicy } from './iamPolicies.js';
import { securityGroupResources } from './securityGroups.js';
import {
  dependsOn,
  egressDependsOn,
  eipDependsOn,
  logicalId,
  networkResources,
  subnetId,
} from './networkResources.js';
import { encryptedAssetNames, NODE_ASSETS } from '../nodeAssets.js';
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

function controllerResources(config: ClusterConfig): Json {
  const resources: Json = {
    LaunchTemplateController: {
      Type: 'AWS::EC2::LaunchTemplate',
      Properties: { LaunchTemplateData: { MetadataOptions: METADATA_OPTIONS } },
    },
  };
  const subnet = config.subnets.findIndex((item) => item.name === config.controller.subnet);
  config.controller.privateIPs.forEach((ip, index) => {
    resources[`InstanceController${index}`] = {
      Type: 'AWS::EC2::Instance',
      ...dependsOn([
        ...egressDependsOn(config, subnet),
        ...secretParameterIds(NODE_ASSETS.controller.encrypted),
        'AddonsParameter',
        ...rollDependencies(config, { controller: index }, workerGroupId),
      ]),
      Properties: {
        ImageId: '{{ amiId }}',
        InstanceType: '{{ config.controller.instanceType }}',
        KeyName: '{{ config.keyName }}',
        IamInstanceProfile: { Ref: 'IAMInstanceProfileController' },
        LaunchTemplate: {
          LaunchTemplateId: { Ref: 'LaunchTemplateController' },
          Version: { 'Fn::GetAtt': ['LaunchTemplateController', 'LatestVersionNumber'] },
        },
        NetworkInterfaces: [
          {
            DeviceIndex: '0',
            SubnetId: subnetId(subnet),
            PrivateIpAddress: ip,
            GroupSet: [{ Ref: 'SecurityGroupController' }],
          },
        ],
        BlockDeviceMappings: blockDevices(config.controller.rootVolume, 'controller'),
        UserData: `{{ userdata.controllers[${index}] }}`,
        Tags: clusterTags(config, `controller${index}`),
      },
    };
    resources[`EIPController${index}`] = {
      Type: 'AWS::EC2::EIP',
      ...dependsOn(eipDependsOn(config)),
      Properties: { Domain: 'vpc', InstanceId: { Ref: `InstanceController${index}` } },
    };
    resources[`AlarmControllerRecover${index}`] = {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmDescription: `Recover controller ${index} when the system status check fails`,
        Namespace: 'AWS/EC2',
        MetricName: 'StatusCheckFailed_System',
        Dimensions: [{ Name: 'InstanceId', Value: { Ref: `InstanceController${index}` } }],
        Statistic: 'Minimum',
        Period: 60,
        EvaluationPeriods: 5,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        AlarmActions: [{ 'Fn::Sub': 'arn:${AWS::Partition}:automate:${AWS::Region}:ec2:recover' }],
      },
    };
  });
  return resources;
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
        Description: `kube-aws ${config.clusterName}: ${name}, KMS ciphertext`,
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
      Description: `kube-aws ${config.clusterName}: the add-on manifests, gzipped`,
      Type: 'String',
      Tier: 'Intelligent-Tiering',
      Value: '{{ addons }}',
    },
  };
  return resources;
}

function dnsResources(config: ClusterConfig): Json {
  if (!config.createRecordSet) return {};
  return {
    ExternalDNS: {
      Type: 'AWS::Route53::RecordSet',
      Properties: {
        HostedZoneId: '{{ config.hostedZoneId }}',
        Name: '{{ config.externalDNSName }}',
        Type: 'A',
        TTL: '{{ config.recordSetTTL }}',
        ResourceRecords: config.controller.privateIPs.map((_, index) => ({
          Ref: `EIPController${index}`,
        })),
      },
    },
  };
}

function outputs(config: ClusterConfig): Json {
  const vpc = config.vpcId === undefined ? { Ref: 'VPC' } : config.vpcId;
  return {
    ControllerIP: {
      Description: 'Public IP of the (first) controller',
      Value: { Ref: 'EIPController0' },
    },
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
      ...controllerResources(config),
      ...workerResources(config),
      ...secretParameters(config),
      ...dnsResources(config),
    },
    Outputs: outputs(config),
  };
}
