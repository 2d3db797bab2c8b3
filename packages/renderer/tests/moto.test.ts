import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import {
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteTableCommand,
  CreateVpcCommand,
  DescribeAvailabilityZonesCommand,
  DescribeImagesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStack, renderAssets } from '../src/index.js';
import { configFrom, pinnedAssets } from './helpers.js';
import { caseConfig, FIXTURES, GOLDEN_CASES } from './goldenFixtures.js';
import { motoClientConfig, startMoto } from '../../../testing/motoServer.js';
import type { MotoServer } from '../../../testing/motoServer.js';

let moto: MotoServer;
beforeAll(async () => {
  moto = await startMoto();
}, 180_000);
afterAll(async () => {
  await moto.stop();
});

async function waitForStack(client: CloudFormationClient, stackName: string): Promise<string> {
  for (let attempt = 0; attempt < 120; attempt++) {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const status = Stacks?.[0]?.StackStatus ?? 'UNKNOWN';
    if (!status.endsWith('_IN_PROGRESS')) return status;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return 'TIMED_OUT';
}

/** Creates a hosted zone through moto's Route53 REST API (this registry has no Route53 SDK client). */
async function createHostedZone(endpoint: string, name: string): Promise<string> {
  const response = await fetch(`${endpoint}/2013-04-01/hostedzone`, {
    method: 'POST',
    headers: {
      'content-type': 'application/xml',
      // moto_server routes a request to a service by the credential scope of its signature.
      authorization:
        'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/route53/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: `<CreateHostedZoneRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Name>${name}</Name><CallerReference>${Date.now()}</CallerReference></CreateHostedZoneRequest>`,
  });
  const id = /<Id>\/hostedzone\/([^<]+)<\/Id>/.exec(await response.text())?.[1];
  if (id === undefined) throw new Error('moto did not create the hosted zone');
  return id;
}

/**
 * A golden case made to fit moto's account: zones moto does not offer in the region become ones
 * it does, and the existing VPC, route table and hosted zone a case names are created first.
 */
async function configForMoto(name: string, ec2: EC2Client) {
  const config = caseConfig(name);
  let text = readFileSync(join(FIXTURES, name, 'cluster.yaml'), 'utf8');
  const { AvailabilityZones } = await ec2.send(new DescribeAvailabilityZonesCommand({}));
  const offered = (AvailabilityZones ?? []).map((zone) => zone.ZoneName!);
  const wanted = [...new Set(config.subnets.map((subnet) => subnet.availabilityZone))];
  wanted.forEach((zone, index) => {
    if (!offered.includes(zone)) text = text.replaceAll(zone, offered[index % offered.length]!);
  });
  if (config.vpcId !== undefined) {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: config.vpcCIDR }));
    const { InternetGateway } = await ec2.send(new CreateInternetGatewayCommand({}));
    await ec2.send(
      new AttachInternetGatewayCommand({
        VpcId: Vpc!.VpcId!,
        InternetGatewayId: InternetGateway!.InternetGatewayId!,
      }),
    );
    const { RouteTable } = await ec2.send(new CreateRouteTableCommand({ VpcId: Vpc!.VpcId! }));
    text = text
      .replace(config.vpcId, Vpc!.VpcId!)
      .replace(config.routeTableId!, RouteTable!.RouteTableId!);
  }
  if (config.hostedZoneId !== undefined) {
    text = text.replace(config.hostedZoneId, await createHostedZone(moto.endpoint, 'example.com.'));
  }
  return configFrom(text);
}

/**
 * The template as moto can create it. moto 5.2's ELBv2 CloudFormation model ignores a load
 * balancer's Type (moto/elbv2/models.py, FakeLoadBalancer.create_from_cloudformation_json) and
 * makes an application load balancer, which refuses a TCP listener; so, for moto only, the
 * listener and target group speak HTTPS. The template kube-aws sends keeps TCP: cfnLint.test.ts
 * and haControlPlane.test.ts check it.
 */
function forMoto(template: Record<string, unknown>): string {
  const copy = structuredClone(template) as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  for (const resource of Object.values(copy.Resources)) {
    if (
      resource.Type === 'AWS::ElasticLoadBalancingV2::Listener' ||
      resource.Type === 'AWS::ElasticLoadBalancingV2::TargetGroup'
    )
      resource.Properties.Protocol = 'HTTPS';
  }
  return JSON.stringify(copy);
}

// moto emulates CloudFormation, EC2, IAM, Route53, CloudWatch and ELBv2 on loopback.
describe('CreateStack on moto', () => {
  it.each(GOLDEN_CASES)('%s reaches CREATE_COMPLETE', async (name) => {
    const clientConfig = motoClientConfig(moto.endpoint, caseConfig(name).region);
    const ec2 = new EC2Client(clientConfig);
    const config = await configForMoto(name, ec2);
    const { Images } = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }));
    const amiId = Images?.[0]?.ImageId;
    expect(amiId).toBeDefined();
    const built = await buildStack({
      config,
      templates: renderAssets(config),
      amiId: amiId!,
      ...(await pinnedAssets(config)),
    });
    const client = new CloudFormationClient(clientConfig);
    await client.send(
      new CreateStackCommand({
        StackName: config.clusterName,
        TemplateBody: forMoto(built.template),
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    const status = await waitForStack(client, config.clusterName);
    if (status !== 'CREATE_COMPLETE') {
      const { StackEvents } = await client.send(
        new DescribeStackEventsCommand({ StackName: config.clusterName }),
      );
      const reasons = (StackEvents ?? [])
        .filter((event) => event.ResourceStatusReason)
        .map((event) => `${event.LogicalResourceId}: ${event.ResourceStatusReason}`);
      expect.fail(`${name}: ${status}\n${reasons.join('\n')}`);
    }
    const { Stacks } = await client.send(
      new DescribeStacksCommand({ StackName: config.clusterName }),
    );
    const outputs = Object.fromEntries(
      (Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]),
    );
    expect(outputs.APIEndpoint).toBe(`https://${config.externalDNSName}`);
    if (config.controller.loadBalancer) {
      expect(outputs.APILoadBalancerDNSName).toMatch(/\.elb\.amazonaws\.com$/);
      expect(outputs.ControllerIP).toBeUndefined();
    } else {
      expect(outputs.ControllerIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    }
  });
});
