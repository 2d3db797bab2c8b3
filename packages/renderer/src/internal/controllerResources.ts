import type { ClusterConfig } from '@kube-aws/config-schema';
import { NODE_ASSETS } from '../nodeAssets.js';
import {
  dependsOn,
  egressDependsOn,
  eipDependsOn,
  logicalId,
  subnetId,
} from './networkResources.js';
import { rollDependencies, SUSPENDED_DURING_ROLL } from './updatePolicies.js';
import { workerGroupId } from '../workerGroupId.js';
import { CONTROLLER_SIGNAL_TIMEOUT_MINUTES } from '../rollSignalTimeout.js';

type Json = Record<string, unknown>;

/** The Auto Scaling group of controller `index`: one instance, rolled one controller at a time. */
export function controllerGroupId(index: number): string {
  return `AutoScaleController${index}`;
}

/** The place of each controller's subnet in cluster.yaml's subnets. */
export function controllerSubnetIndexes(config: ClusterConfig): number[] {
  return config.controller.subnets.map((name) =>
    config.subnets.findIndex((subnet) => subnet.name === name),
  );
}

// IMDSv2 only, with a hop limit of 2 so containers on the node reach it too.
const METADATA_OPTIONS = {
  HttpEndpoint: 'enabled',
  HttpPutResponseHopLimit: 2,
  HttpTokens: 'required',
};

const SIGNAL_TIMEOUT = `PT${CONTROLLER_SIGNAL_TIMEOUT_MINUTES}M`;

/**
 * Each controller is an Auto Scaling group of one in its own subnet, launched from its own launch
 * template (its userdata names it), so that:
 * - a replacement never collides on the fixed private IP: the instance starts with an address of its
 *   own and takes the fixed one at boot (/opt/bin/controller-address), and its etcd volume, which
 *   lives in the subnet's zone (etcdResources);
 * - a change rolls one controller at a time: the group terminates its instance before it launches the
 *   new one (MinInstancesInService 0, so the volume and address are free), waits for the node's
 *   signal that its API server and etcd member are healthy, and rolls back without it; each group
 *   depends on the one before, so CloudFormation updates them in order;
 * - an instance that fails its EC2 status checks is replaced, with its volume and address.
 * Without the load balancer, controller 0 is reached at an Elastic IP it takes at boot.
 * docs/adr/0018-ha-control-plane.md
 */
export function controllerResources(
  config: ClusterConfig,
  clusterTags: (name: string) => Json[],
): Json {
  const resources: Json = {};
  const subnets = controllerSubnetIndexes(config);
  subnets.forEach((subnet, index) => {
    const name = `controller${index}`;
    const template = `LaunchTemplateController${index}`;
    const isPublic = !config.subnets[subnet]!.private;
    resources[template] = {
      Type: 'AWS::EC2::LaunchTemplate',
      Properties: {
        LaunchTemplateData: {
          ImageId: '{{ amiId }}',
          InstanceType: '{{ config.controller.instanceType }}',
          KeyName: '{{ config.keyName }}',
          IamInstanceProfile: { Arn: { 'Fn::GetAtt': ['IAMInstanceProfileController', 'Arn'] } },
          // A public address from launch: the node reaches its downloads before it takes any other.
          NetworkInterfaces: [
            {
              DeviceIndex: 0,
              AssociatePublicIpAddress: isPublic,
              DeleteOnTermination: true,
              Groups: [{ Ref: 'SecurityGroupController' }],
            },
          ],
          MetadataOptions: METADATA_OPTIONS,
          BlockDeviceMappings: [
            {
              DeviceName: '/dev/xvda',
              Ebs: {
                DeleteOnTermination: true,
                Encrypted: true,
                VolumeSize: '{{ config.controller.rootVolume.size }}',
                VolumeType: '{{ config.controller.rootVolume.type }}',
                ...(config.controller.rootVolume.iops === undefined
                  ? {}
                  : { Iops: '{{ config.controller.rootVolume.iops }}' }),
              },
            },
          ],
          UserData: `{{ userdata.controllers[${index}] }}`,
          TagSpecifications: [{ ResourceType: 'volume', Tags: clusterTags(name) }],
        },
      },
    };
    resources[controllerGroupId(index)] = {
      Type: 'AWS::AutoScaling::AutoScalingGroup',
      ...dependsOn([
        ...egressDependsOn(config, subnet),
        ...NODE_ASSETS.controller.encrypted.map((asset) => `SecretParameter${logicalId(asset, 0)}`),
        'AddonsParameter',
        'EtcdToolsParameter',
        `EtcdVolumeController${index}`,
        ...(config.controller.loadBalancer ? ['APIEndpointParameter'] : [`EIPController${index}`]),
        ...rollDependencies(config, { controller: index }, workerGroupId),
      ]),
      CreationPolicy: { ResourceSignal: { Count: 1, Timeout: SIGNAL_TIMEOUT } },
      UpdatePolicy: {
        AutoScalingRollingUpdate: {
          MinInstancesInService: 0,
          MaxBatchSize: 1,
          WaitOnResourceSignals: true,
          PauseTime: SIGNAL_TIMEOUT,
          SuspendProcesses: SUSPENDED_DURING_ROLL,
        },
      },
      Properties: {
        LaunchTemplate: {
          LaunchTemplateId: { Ref: template },
          Version: { 'Fn::GetAtt': [template, 'LatestVersionNumber'] },
        },
        MinSize: '1',
        MaxSize: '1',
        DesiredCapacity: '1',
        VPCZoneIdentifier: [subnetId(subnet)],
        HealthCheckType: 'EC2',
        HealthCheckGracePeriod: 900,
        Tags: clusterTags(name).map((tag) => ({ ...tag, PropagateAtLaunch: true })),
      },
    };
    if (!config.controller.loadBalancer) {
      resources[`EIPController${index}`] = {
        Type: 'AWS::EC2::EIP',
        ...dependsOn(eipDependsOn(config)),
        Properties: {
          Domain: 'vpc',
          Tags: [
            ...clusterTags(name),
            { Key: 'kube-aws:controller', Value: `${config.clusterName}/${name}` },
          ],
        },
      };
    }
  });
  return resources;
}
