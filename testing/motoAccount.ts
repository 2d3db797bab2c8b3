import {
  CreateImageCommand,
  CreateKeyPairCommand,
  DescribeImagesCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { motoClientConfig } from './motoServer.js';

/** The account of moto's own images; kube-aws looks for Flatcar there when told to. */
export const MOTO_ACCOUNT = '123456789012';

/**
 * What a kube-aws cluster needs before `up`, made in moto: a KMS key, the EC2 key pair
 * `key-pair-name`, and a Flatcar-named image (moto publishes none) under moto's own account, which
 * kube-aws finds with KUBE_AWS_FLATCAR_OWNER=MOTO_ACCOUNT.
 */
export async function prepareMotoAccount(
  endpoint: string,
  region: string,
): Promise<{ keyArn: string }> {
  const config = motoClientConfig(endpoint, region);
  const ec2 = new EC2Client(config);
  const keyArn = (
    await new KMSClient(config).send(new CreateKeyCommand({ Description: 'kube-aws assets' }))
  ).KeyMetadata!.Arn!;
  await ec2.send(new CreateKeyPairCommand({ KeyName: 'key-pair-name' }));
  const { Images } = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }));
  const base = Images!.find(
    (image) => image.Architecture === 'x86_64' && image.VirtualizationType === 'hvm',
  )!;
  const { Instances } = await ec2.send(
    new RunInstancesCommand({ ImageId: base.ImageId!, MinCount: 1, MaxCount: 1 }),
  );
  await ec2.send(
    new CreateImageCommand({
      InstanceId: Instances![0]!.InstanceId!,
      Name: 'Flatcar-stable-4230.2.4-hvm',
    }),
  );
  return { keyArn };
}
