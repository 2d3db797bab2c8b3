import type { ClusterConfig } from '@kube-aws/config-schema';
import { etcdBackupLocation } from '../etcdBackupLocation.js';

type Json = Record<string, unknown>;

/** The object ARN pattern of keys under `prefix` in `bucket`. */
function objects(bucket: string, key: string): Json {
  return { 'Fn::Sub': `arn:\${AWS::Partition}:s3:::${bucket}/${key}` };
}

/**
 * What a controller's boot and etcd tools do besides what the cloud-controller-manager may
 * (docs/adr/0018-ha-control-plane.md): take its fixed address (and, without the load balancer, its
 * Elastic IP), signal its own stack and read its status; and, with backups, exactly the S3 actions
 * of etcd-backup under exactly the snapshot prefix: put snapshots and restore reports only with
 * SSE-KMS under the cluster's key, read snapshots and kube-aws's requests, delete snapshots, list
 * those two prefixes. Attaching the member's volume (ec2:AttachVolume, ec2:DescribeVolumes) is among
 * the cloud-controller-manager's actions already.
 */
export function controllerStatements(config: ClusterConfig): Json[] {
  const statements: Json[] = [
    {
      Sid: 'ControllerAddress',
      Effect: 'Allow',
      Action: [
        'ec2:AssignPrivateIpAddresses',
        ...(config.controller.loadBalancer
          ? []
          : ['ec2:AssociateAddress', 'ec2:DescribeAddresses']),
      ],
      Resource: '*',
    },
    {
      Sid: 'ControllerSignal',
      Effect: 'Allow',
      Action: ['cloudformation:DescribeStacks', 'cloudformation:SignalResource'],
      Resource: { Ref: 'AWS::StackId' },
    },
  ];
  const location = etcdBackupLocation(config);
  if (location === undefined) return statements;
  const { bucket, prefix } = location;
  return [
    ...statements,
    {
      Sid: 'EtcdSnapshotsPut',
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: [objects(bucket, `${prefix}/snapshots/*`), objects(bucket, `${prefix}/restored/*`)],
      Condition: {
        StringEquals: {
          's3:x-amz-server-side-encryption': 'aws:kms',
          's3:x-amz-server-side-encryption-aws-kms-key-id': config.kmsKeyArn,
        },
      },
    },
    {
      Sid: 'EtcdSnapshotsGet',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: [objects(bucket, `${prefix}/snapshots/*`), objects(bucket, `${prefix}/requests/*`)],
    },
    {
      Sid: 'EtcdSnapshotsDelete',
      Effect: 'Allow',
      Action: 's3:DeleteObject',
      Resource: objects(bucket, `${prefix}/snapshots/*`),
    },
    {
      Sid: 'EtcdSnapshotsList',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:s3:::${bucket}` },
      Condition: { StringLike: { 's3:prefix': [`${prefix}/snapshots/*`, `${prefix}/requests/*`] } },
    },
    {
      Sid: 'EtcdSnapshotsEncrypt',
      Effect: 'Allow',
      Action: 'kms:GenerateDataKey',
      Resource: config.kmsKeyArn,
    },
  ];
}
