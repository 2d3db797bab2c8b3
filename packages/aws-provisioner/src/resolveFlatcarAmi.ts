import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import type { AwsClients } from './AwsClients.js';
import { ProvisionError } from './ProvisionError.js';
import { awsCall } from './internal/awsCall.js';

/** The AWS account that publishes Flatcar Container Linux AMIs in the commercial partition. */
export const FLATCAR_OWNER = '075585003325';

/**
 * The newest Flatcar stable AMI (hvm, x86_64) in the clients' region. Callers record the result so
 * that later updates keep it: an AMI that drifts on its own replaces every node.
 * @throws {ProvisionError} `PREFLIGHT_FAILED` when the owner publishes none there; `NO_CREDENTIALS`
 *   or `AWS_ERROR` when AWS cannot be asked.
 */
export async function resolveFlatcarAmi(
  clients: AwsClients,
  owner: string = FLATCAR_OWNER,
): Promise<string> {
  const { Images } = await awsCall(
    'ec2:DescribeImages',
    `the Flatcar AMIs of account ${owner}`,
    () =>
      clients.ec2.send(
        new DescribeImagesCommand({
          Owners: [owner],
          Filters: [
            { Name: 'name', Values: ['Flatcar-stable-*'] },
            { Name: 'architecture', Values: ['x86_64'] },
            { Name: 'virtualization-type', Values: ['hvm'] },
            { Name: 'state', Values: ['available'] },
          ],
        }),
      ),
  );
  const newest = [...(Images ?? [])].sort((a, b) =>
    (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''),
  )[0];
  if (newest?.ImageId === undefined) {
    throw new ProvisionError(
      'PREFLIGHT_FAILED',
      `no Flatcar stable AMI from account ${owner} in this region; pin one with amiId in cluster.yaml`,
    );
  }
  return newest.ImageId;
}
