import { azInRegion } from './azInRegion.js';
import { checkStackTags } from './checkStackTags.js';
import type { ResolveContext } from './ResolveContext.js';

const KMS_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):kms:([^:]*):([^:]*):(.*)$/;

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

function checkKmsKeyArn(ctx: ResolveContext, region: string | undefined): void {
  const arn = ctx.valueAt(['kmsKeyArn']) as string | undefined;
  if (arn === undefined) return;
  const match = KMS_ARN.exec(arn);
  const report = (code: string, message: string) => ctx.report(['kmsKeyArn'], code, message);
  if (match === null) {
    report(
      'kms-arn-invalid',
      `must be a KMS key ARN such as arn:aws:kms:us-west-1:123456789012:key/<key-id> (got ${JSON.stringify(arn)})`,
    );
    return;
  }
  const [, partition, arnRegion, account, resource] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (!/^\d{12}$/.test(account)) {
    report(
      'kms-arn-invalid',
      `has account id ${JSON.stringify(account)}; an AWS account id is 12 digits`,
    );
  } else if (resource.startsWith('alias/')) {
    report(
      'kms-arn-invalid',
      `names an alias (${resource}); name the key itself (key/<key-id>), because IAM grants kms:Decrypt on keys`,
    );
  } else if (!/^key\/[A-Za-z0-9-]+$/.test(resource)) {
    report('kms-arn-invalid', `must end in key/<key-id> (got ${JSON.stringify(resource)})`);
  } else if (region !== undefined && arnRegion !== region) {
    report(
      'kms-arn-region',
      `is in region ${arnRegion || '(none)'}, but the cluster is in ${region}; KMS keys cannot be used across regions`,
    );
  } else if (region !== undefined && partition !== partitionOf(region)) {
    report(
      'kms-arn-invalid',
      `has partition ${partition}, but region ${region} is in partition ${partitionOf(region)}`,
    );
  }
}

function checkHostname(ctx: ResolveContext): void {
  const name = ctx.valueAt(['externalDNSName']) as string | undefined;
  if (name === undefined) return;
  const labels = name.replace(/\.$/, '').split('.');
  const bad = labels.find((label) => !/^[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?$/.test(label));
  if (name === '' || bad !== undefined) {
    const detail =
      name === ''
        ? 'it is empty'
        : `label ${JSON.stringify(bad)} is not letters, digits and inner dashes of at most 63 characters`;
    ctx.report(
      ['externalDNSName'],
      'hostname-invalid',
      `must be a DNS hostname such as kube.example.com: ${detail}`,
    );
  } else if (/^\d+$/.test(labels[labels.length - 1] ?? '')) {
    ctx.report(
      ['externalDNSName'],
      'hostname-invalid',
      `must be a DNS hostname, not an IP address (got ${JSON.stringify(name)})`,
    );
  }
}

/** Checks names, region, zone, KMS key, DNS and tags: the settings that identify the cluster. */
export function checkIdentity(ctx: ResolveContext): void {
  const region = ctx.valueAt(['region']) as string | undefined;
  const availabilityZone = ctx.valueAt(['availabilityZone']) as string | undefined;
  if (region !== undefined && availabilityZone !== undefined && !ctx.has(['subnets'])) {
    if (!azInRegion(availabilityZone, region)) {
      ctx.report(
        ['availabilityZone'],
        'az-not-in-region',
        `${availabilityZone} is not in region ${region}; zones of ${region} look like ${region}a`,
      );
    }
  }
  checkKmsKeyArn(ctx, region);
  checkHostname(ctx);
  if (ctx.valueAt(['createRecordSet']) === true && !ctx.has(['hostedZoneId'])) {
    ctx.report(
      ['createRecordSet'],
      'needs-hosted-zone',
      'needs hostedZoneId: the Route53 zone that holds externalDNSName',
    );
  }
  if (ctx.has(['hostedZoneId']) && ctx.valueAt(['createRecordSet']) !== true) {
    ctx.report(['hostedZoneId'], 'unused-key', 'is ignored unless createRecordSet is true', {
      severity: 'warning',
    });
  }
  checkStackTags(ctx);
}
