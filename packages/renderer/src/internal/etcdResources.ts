import type { ClusterConfig } from '@kube-aws/config-schema';
import { controllerSubnetIndexes } from './controllerResources.js';
import { etcdToolsParameterName } from './templateContext.js';

type Json = Record<string, unknown>;

/**
 * Each etcd member's data volume, and the controllers' etcd tools. A volume is a resource of its
 * own in its controller's zone, encrypted, tagged with its member (`kube-aws:etcd-member`), so it
 * outlives the instance and the next one attaches it (/opt/bin/etcd-volume). When the stack
 * deletes or replaces it, CloudFormation takes a final snapshot first (DeletionPolicy and
 * UpdateReplacePolicy Snapshot): `kube-aws destroy` leaves those snapshots, not running volumes.
 * The tools are a cloud-config in an SSM parameter, pinned in the userdata, which they would not
 * fit in (docs/adr/0009-boot-sequence.md, docs/adr/0018-ha-control-plane.md).
 */
export function etcdResources(config: ClusterConfig, clusterTags: (name: string) => Json[]): Json {
  const resources: Json = {};
  controllerSubnetIndexes(config).forEach((subnet, index) => {
    const name = `controller${index}`;
    resources[`EtcdVolumeController${index}`] = {
      Type: 'AWS::EC2::Volume',
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
      Properties: {
        AvailabilityZone: `{{ config.subnets[${subnet}].availabilityZone }}`,
        Encrypted: true,
        Size: '{{ config.etcd.volume.size }}',
        VolumeType: '{{ config.etcd.volume.type }}',
        ...(config.etcd.volume.iops === undefined ? {} : { Iops: '{{ config.etcd.volume.iops }}' }),
        Tags: [
          ...clusterTags(`etcd-${name}`),
          { Key: 'kube-aws:etcd-member', Value: `${config.clusterName}/${name}` },
        ],
      },
    };
  });
  resources.EtcdToolsParameter = {
    Type: 'AWS::SSM::Parameter',
    Properties: {
      Name: etcdToolsParameterName(config),
      Type: 'String',
      Tier: 'Intelligent-Tiering',
      Value: '{{ etcdTools }}',
    },
  };
  return resources;
}
