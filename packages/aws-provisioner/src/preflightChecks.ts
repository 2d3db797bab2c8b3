import {
  DescribeAvailabilityZonesCommand,
  DescribeKeyPairsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import type { ClusterConfig } from '@kube-aws/config-schema';
import type { AwsClients } from './AwsClients.js';
import { ProvisionError } from './ProvisionError.js';
import { awsCall, errorName } from './internal/awsCall.js';

function fail(message: string, cause?: unknown): never {
  throw new ProvisionError(
    'PREFLIGHT_FAILED',
    message,
    cause === undefined ? undefined : { cause },
  );
}

async function checkKeyPair(clients: AwsClients, config: ClusterConfig): Promise<void> {
  try {
    const { KeyPairs } = await clients.ec2.send(
      new DescribeKeyPairsCommand({ KeyNames: [config.keyName] }),
    );
    if ((KeyPairs ?? []).length === 0)
      throw Object.assign(new Error('none'), { name: 'InvalidKeyPair.NotFound' });
  } catch (error) {
    if (errorName(error) === 'InvalidKeyPair.NotFound' || /does not exist/.test(String(error))) {
      fail(
        `the EC2 key pair ${config.keyName} (keyName) does not exist in ${config.region}; create or import it, or name another`,
        error,
      );
    }
    throw error;
  }
}

async function checkZones(clients: AwsClients, config: ClusterConfig): Promise<void> {
  const { AvailabilityZones } = await clients.ec2.send(new DescribeAvailabilityZonesCommand({}));
  const offered = (AvailabilityZones ?? []).map((zone) => zone.ZoneName);
  for (const zone of new Set(config.subnets.map((subnet) => subnet.availabilityZone))) {
    if (!offered.includes(zone))
      fail(
        `the availability zone ${zone} is not offered to this account in ${config.region}; the zones are ${offered.join(', ')}`,
      );
  }
}

async function checkKmsKey(clients: AwsClients, config: ClusterConfig): Promise<void> {
  const region = config.kmsKeyArn.split(':')[3];
  if (region !== config.region)
    fail(
      `the KMS key ${config.kmsKeyArn} is in ${region}, but the cluster is in ${config.region}; nodes can only decrypt with a key of their own region`,
    );
  try {
    const { KeyMetadata } = await clients.kms.send(
      new DescribeKeyCommand({ KeyId: config.kmsKeyArn }),
    );
    if (KeyMetadata?.Enabled !== true || KeyMetadata.KeyState !== 'Enabled') {
      fail(
        `the KMS key ${config.kmsKeyArn} is ${KeyMetadata?.KeyState ?? 'not enabled'}; enable it (aws kms enable-key) or name another`,
      );
    }
    if (KeyMetadata.KeyUsage !== undefined && KeyMetadata.KeyUsage !== 'ENCRYPT_DECRYPT')
      fail(`the KMS key ${config.kmsKeyArn} is for ${KeyMetadata.KeyUsage}, not ENCRYPT_DECRYPT`);
  } catch (error) {
    if (ProvisionError.is(error)) throw error;
    if (errorName(error) === 'NotFoundException')
      fail(
        `the KMS key ${config.kmsKeyArn} does not exist (or this account may not describe it)`,
        error,
      );
    throw error;
  }
}

async function checkExistingVpc(clients: AwsClients, config: ClusterConfig): Promise<void> {
  if (config.vpcId === undefined) return;
  let cidr: string | undefined;
  try {
    const { Vpcs } = await clients.ec2.send(new DescribeVpcsCommand({ VpcIds: [config.vpcId] }));
    cidr = Vpcs?.[0]?.CidrBlock;
  } catch (error) {
    if (/NotFound/.test(errorName(error)))
      fail(`the VPC ${config.vpcId} (vpcId) does not exist in ${config.region}`, error);
    throw error;
  }
  if (cidr !== config.vpcCIDR)
    fail(`the VPC ${config.vpcId} has CIDR ${cidr ?? 'none'}, but vpcCIDR says ${config.vpcCIDR}`);
  const { Subnets } = await clients.ec2.send(
    new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [config.vpcId] }] }),
  );
  const taken = (Subnets ?? []).map((subnet) => subnet.CidrBlock ?? '');
  for (const subnet of config.subnets) {
    if (taken.some((block) => overlaps(block, subnet.instanceCIDR))) {
      fail(
        `subnet ${subnet.name} (${subnet.instanceCIDR}) overlaps a subnet that already exists in ${config.vpcId} (${taken.join(', ')})`,
      );
    }
  }
}

function range(cidr: string): [number, number] {
  const [address = '0.0.0.0', prefix = '32'] = cidr.split('/');
  const start = address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
  return [start, start + 2 ** (32 - Number(prefix)) - 1];
}

function overlaps(a: string, b: string): boolean {
  const [aStart, aEnd] = range(a);
  const [bStart, bEnd] = range(b);
  return aStart <= bEnd && bStart <= aEnd;
}

/**
 * Checks, before anything is created, what CloudFormation would otherwise discover halfway: the key
 * pair, the zones, the KMS key (exists, enabled, in the cluster's region) and an existing VPC.
 * Route53 is not checked here: this project's package registry has no Route53 client, so a
 * missing zone surfaces as the record's CREATE_FAILED reason.
 * @throws {ProvisionError} `PREFLIGHT_FAILED` with one clear message; `NO_CREDENTIALS` or
 *   `AWS_ERROR` when AWS cannot be asked.
 */
export async function preflightChecks(clients: AwsClients, config: ClusterConfig): Promise<void> {
  const checks = [
    ['kms:DescribeKey', checkKmsKey],
    ['ec2:DescribeKeyPairs', checkKeyPair],
    ['ec2:DescribeAvailabilityZones', checkZones],
    ['ec2:DescribeVpcs', checkExistingVpc],
  ] as const;
  for (const [operation, check] of checks)
    await awsCall(operation, `cluster ${config.clusterName}`, () => check(clients, config));
}
