import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { parseClusterConfig, resolveClusterConfig } from '@kube-aws/config-schema';
import type { BuiltStack } from '@kube-aws/renderer';
import type { AwsClients } from '../src/index.js';

export const config = configWith('');

export function configWith(extra: string) {
  return resolveClusterConfig(
    parseClusterConfig(`clusterName: demo
externalDNSName: kube.example.com
region: us-west-1
availabilityZone: us-west-1a
keyName: k
kmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/00000000-0000-4000-8000-000000000000
${extra}`),
  );
}

/** Clients whose calls aws-sdk-client-mock intercepts (mockClient works on the classes). */
export function clients(): AwsClients {
  const options = { region: 'us-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
  return {
    cloudFormation: new CloudFormationClient(options),
    ec2: new EC2Client(options),
    kms: new KMSClient(options),
    s3: new S3Client(options),
  };
}

/** A built stack of a given size, as buildStack returns it. */
export function builtStack(bytes: number): BuiltStack {
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Padding: {
        Type: 'AWS::CloudFormation::WaitConditionHandle',
        Metadata: { pad: 'x'.repeat(Math.max(0, bytes - 120)) },
      },
    },
  };
  const templateBody = JSON.stringify(template);
  return {
    template,
    templateBody,
    templateBodyBytes: templateBody.length,
    userdata: [],
    addons: { file: 'cloud-config/addons.yaml', text: '', bytes: 0 },
    etcdTools: { file: 'cloud-config/cloud-config-etcd', text: '', bytes: 0 },
  };
}

export function event(
  id: string,
  seconds: number,
  resource: string,
  status: string,
  reason?: string,
) {
  return {
    EventId: id,
    StackId: 'arn:stack',
    StackName: 'demo',
    Timestamp: new Date(Date.UTC(2026, 10, 24, 12, 0, seconds)),
    LogicalResourceId: resource,
    ResourceType: resource === 'demo' ? 'AWS::CloudFormation::Stack' : 'AWS::EC2::Instance',
    ResourceStatus: status,
    ...(reason === undefined ? {} : { ResourceStatusReason: reason }),
  } as never;
}
