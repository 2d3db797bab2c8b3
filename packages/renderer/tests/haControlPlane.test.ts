import { describe, expect, it } from 'vitest';
import { LIMITS, NODE_ASSETS } from '../src/index.js';
import { build, configFrom } from './helpers.js';
import { caseConfig } from './goldenFixtures.js';
import { goldenNodes } from './renderedNodes.js';

// The control plane of issue 11 (docs/adr/0018-ha-control-plane.md), on the golden cases: the HA
// case (3 controllers, 2 zones, s3URI) and the default single controller.

type Resource = {
  Type: string;
  DependsOn?: string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  CreationPolicy?: unknown;
  UpdatePolicy?: unknown;
  Properties: Record<string, unknown>;
};
type Statement = {
  Sid?: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
};

async function stackOf(caseName: string) {
  const built = await build(caseConfig(caseName));
  const resources = built.template.Resources as Record<string, Resource>;
  const ofType = (type: string) =>
    Object.entries(resources).filter(([, resource]) => resource.Type === type);
  const policy = (role: string) =>
    (
      resources[role]!.Properties.Policies as {
        PolicyDocument: { Statement: Statement[] };
      }[]
    )[0]!.PolicyDocument.Statement;
  return { built, resources, ofType, policy };
}

describe('the HA case (ha-private-pools): 3 controllers over 2 zones behind a load balancer', () => {
  const config = caseConfig('ha-private-pools');

  it('spreads the controllers over two zones, each in an Auto Scaling group of one', async () => {
    const { resources, ofType } = await stackOf('ha-private-pools');
    const zones = config.controller.subnets.map(
      (name) => config.subnets.find((subnet) => subnet.name === name)!.availabilityZone,
    );
    expect(new Set(zones).size).toBe(2);
    const groups = ofType('AWS::AutoScaling::AutoScalingGroup').filter(([id]) =>
      id.startsWith('AutoScaleController'),
    );
    expect(groups.map(([id]) => id)).toEqual([
      'AutoScaleController0',
      'AutoScaleController1',
      'AutoScaleController2',
    ]);
    groups.forEach(([, group], index) => {
      const subnet = config.subnets.findIndex(
        (item) => item.name === config.controller.subnets[index],
      );
      expect(group.Properties.VPCZoneIdentifier).toEqual([{ Ref: `Subnet${subnet}` }]);
      expect(group.Properties).toMatchObject({ MinSize: '1', MaxSize: '1', DesiredCapacity: '1' });
      expect(resources[`LaunchTemplateController${index}`]).toBeDefined();
    });
    expect(ofType('AWS::EC2::Instance')).toEqual([]);
  });

  it('rolls one controller at a time: each group waits for its node, and for the group before', async () => {
    const { resources } = await stackOf('ha-private-pools');
    for (const index of [0, 1, 2]) {
      const group = resources[`AutoScaleController${index}`]!;
      expect(group.UpdatePolicy).toEqual({
        AutoScalingRollingUpdate: {
          MinInstancesInService: 0,
          MaxBatchSize: 1,
          WaitOnResourceSignals: true,
          PauseTime: 'PT30M',
          SuspendProcesses: [
            'HealthCheck',
            'ReplaceUnhealthy',
            'AZRebalance',
            'AlarmNotification',
            'ScheduledActions',
          ],
        },
      });
      expect(group.CreationPolicy).toEqual({ ResourceSignal: { Count: 1, Timeout: 'PT30M' } });
      if (index > 0) expect(group.DependsOn).toContain(`AutoScaleController${index - 1}`);
      expect(group.DependsOn).toContain(`EtcdVolumeController${index}`);
    }
  });

  it('keeps each member on its own encrypted volume, in its controller\u2019s zone, snapshotted when deleted', async () => {
    const { ofType } = await stackOf('ha-private-pools');
    const volumes = ofType('AWS::EC2::Volume');
    expect(volumes.map(([id]) => id)).toEqual([
      'EtcdVolumeController0',
      'EtcdVolumeController1',
      'EtcdVolumeController2',
    ]);
    volumes.forEach(([, volume], index) => {
      const zone = config.subnets.find(
        (subnet) => subnet.name === config.controller.subnets[index],
      )!.availabilityZone;
      expect(volume.DeletionPolicy).toBe('Snapshot');
      expect(volume.UpdateReplacePolicy).toBe('Snapshot');
      expect(volume.Properties).toMatchObject({ AvailabilityZone: zone, Encrypted: true });
      expect(volume.Properties.Tags).toContainEqual({
        Key: 'kube-aws:etcd-member',
        Value: `${config.clusterName}/controller${index}`,
      });
    });
  });

  it('fronts the API servers with one network load balancer: TCP 443, /readyz, the fixed addresses', async () => {
    const { resources, ofType } = await stackOf('ha-private-pools');
    expect(ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')).toHaveLength(1);
    expect(ofType('AWS::ElasticLoadBalancingV2::Listener')).toHaveLength(1);
    expect(resources.APILoadBalancer!.Properties).toMatchObject({
      Type: 'network',
      Scheme: 'internet-facing',
    });
    // One public subnet in each controller zone.
    expect(resources.APILoadBalancer!.Properties.Subnets).toEqual([
      { Ref: 'Subnet0' },
      { Ref: 'Subnet1' },
    ]);
    expect(resources.APIListener!.Properties).toMatchObject({ Protocol: 'TCP', Port: 443 });
    expect(resources.APITargetGroup!.Properties).toMatchObject({
      Protocol: 'TCP',
      Port: 443,
      TargetType: 'ip',
      HealthCheckProtocol: 'HTTPS',
      HealthCheckPath: '/readyz',
      Targets: config.controller.privateIPs.map((ip) => ({ Id: ip, Port: 443 })),
    });
    // No Elastic IPs for controllers: the endpoint is the load balancer.
    expect(ofType('AWS::EC2::EIP').map(([id]) => id)).toEqual(['NATGatewayEIP']);
    expect(resources.APIEndpointParameter!.Properties.Value).toEqual({
      'Fn::GetAtt': ['APILoadBalancer', 'DNSName'],
    });
  });

  it('lets anonymous requests reach only the health endpoints, for the load balancer', () => {
    const node = goldenNodes().find(
      (item) => item.caseName === 'ha-private-pools' && item.node === 'controller0',
    )!;
    const manifest = node.files.find(
      (file) => file.path === '/etc/kubernetes/manifests/kube-apiserver.yaml',
    )!.content;
    expect(manifest).toContain(
      '--authentication-config=/etc/kubernetes/authentication-config.yaml',
    );
    expect(manifest).not.toContain('--anonymous-auth');
    const config = node.files.find(
      (file) => file.path === '/etc/kubernetes/authentication-config.yaml',
    )!.content;
    expect(config).toContain('conditions: [{path: /livez}, {path: /readyz}, {path: /healthz}]');
  });

  it('lets a controller do exactly the S3 actions of its snapshots, under their prefix only', async () => {
    const { policy } = await stackOf('ha-private-pools');
    const s3 = policy('IAMRoleController').filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('s3:')),
    );
    const prefix = 'arn:${AWS::Partition}:s3:::ha-private-kube-aws/templates/ha-private/etcd';
    expect(s3).toEqual([
      // The cloud-configs, as before (s3URI).
      expect.objectContaining({ Sid: 'ReadCloudConfig', Action: 's3:GetObject' }),
      {
        Sid: 'EtcdSnapshotsPut',
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: [{ 'Fn::Sub': `${prefix}/snapshots/*` }, { 'Fn::Sub': `${prefix}/restored/*` }],
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
        Resource: [{ 'Fn::Sub': `${prefix}/snapshots/*` }, { 'Fn::Sub': `${prefix}/requests/*` }],
      },
      {
        Sid: 'EtcdSnapshotsDelete',
        Effect: 'Allow',
        Action: 's3:DeleteObject',
        Resource: { 'Fn::Sub': `${prefix}/snapshots/*` },
      },
      {
        Sid: 'EtcdSnapshotsList',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::ha-private-kube-aws' },
        Condition: {
          StringLike: {
            's3:prefix': [
              'templates/ha-private/etcd/snapshots/*',
              'templates/ha-private/etcd/requests/*',
            ],
          },
        },
      },
    ]);
    expect(policy('IAMRoleWorker').some((statement) => statement.Sid?.startsWith('Etcd'))).toBe(
      false,
    );
  });

  it('lets each node signal and read only its own stack', async () => {
    const { policy } = await stackOf('ha-private-pools');
    expect(policy('IAMRoleController')).toContainEqual({
      Sid: 'ControllerSignal',
      Effect: 'Allow',
      Action: ['cloudformation:DescribeStacks', 'cloudformation:SignalResource'],
      Resource: { Ref: 'AWS::StackId' },
    });
  });

  it('lets controllers read the cluster\u2019s parameters by one pattern, which holds only what they read', async () => {
    const { ofType, policy } = await stackOf('ha-private-pools');
    const read = policy('IAMRoleController').find(
      (statement) => statement.Sid === 'ReadOwnParameters',
    )!;
    expect(read.Resource).toEqual([
      {
        'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/kube-aws/${config.clusterName}/*`,
      },
    ]);
    const needed = [
      ...NODE_ASSETS.controller.encrypted,
      'addons',
      'etcd-tools',
      'api-endpoint',
    ].map((name) => `/kube-aws/${config.clusterName}/${name}`);
    for (const [id, parameter] of ofType('AWS::SSM::Parameter'))
      expect(needed, id).toContain(parameter.Properties.Name);
  });

  it('has workers bootstrap against the load balancer, whose DNS name they read from SSM', () => {
    for (const node of goldenNodes().filter((item) => item.caseName === 'ha-private-pools')) {
      if (!node.node.startsWith('worker')) continue;
      const script = node.files.find((file) => file.path === '/opt/bin/bootstrap-kubeconfig')!;
      expect(script.content).toContain('server: "https://$endpoint:443"');
      expect(script.content).toContain(
        `ssm get-parameter --name /kube-aws/${config.clusterName}/api-endpoint`,
      );
    }
  });
});

describe('the default single controller (guide-init)', () => {
  const config = caseConfig('guide-init');

  it('has no load balancer: its Elastic IP, tagged for the node to take, is the endpoint', async () => {
    const { resources, ofType, built } = await stackOf('guide-init');
    expect(ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')).toEqual([]);
    expect(resources.APIEndpointParameter).toBeUndefined();
    expect(resources.EIPController0!.Properties).toMatchObject({ Domain: 'vpc' });
    expect(resources.EIPController0!.Properties.Tags).toContainEqual({
      Key: 'kube-aws:controller',
      Value: `${config.clusterName}/controller0`,
    });
    expect(built.template.Outputs).toHaveProperty('ControllerIP');
    const worker = goldenNodes().find(
      (node) => node.caseName === 'guide-init' && node.node.startsWith('worker'),
    )!;
    expect(
      worker.files.find((file) => file.path === '/opt/bin/bootstrap-kubeconfig')!.content,
    ).toMatch(new RegExp(`^\\s*endpoint=${config.controllerIP.replace(/\./g, '\\.')}$`, 'm'));
  });

  it('stays under the inline template limit, with room to spare', async () => {
    const { built } = await stackOf('guide-init');
    expect(built.templateBodyBytes).toBeLessThanOrEqual(LIMITS.templateBody - 1500);
  });

  it('is not backed up without an S3 location: no timer, no S3 permission', async () => {
    const { built, policy } = await stackOf('guide-init');
    expect(built.etcdTools.text).not.toContain('/opt/bin/etcd-backup');
    expect(built.userdata[0]!.cloudConfig).not.toContain('etcd-backup.timer');
    expect(
      policy('IAMRoleController').some((statement) =>
        [statement.Action].flat().some((action) => action.startsWith('s3:')),
      ),
    ).toBe(false);
  });
});

describe('externalDNSName with createRecordSet', () => {
  it('is an alias of the load balancer with HA controllers, an A record of the Elastic IP without', async () => {
    const base =
      'clusterName: c\nexternalDNSName: k.example.com\nregion: us-west-1\nkeyName: k\nkmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/k\ncreateRecordSet: true\nhostedZoneId: Z1\n';
    const zones =
      'subnets:\n  - {name: a, availabilityZone: us-west-1a, instanceCIDR: 10.0.0.0/24}\n  - {name: b, availabilityZone: us-west-1b, instanceCIDR: 10.0.1.0/24}\n';
    const ha = await build(
      configFrom(`${base}${zones}controller:\n  count: 3\ns3URI: s3://bucket-c/p\n`),
    );
    const single = await build(configFrom(`${base}availabilityZone: us-west-1a\n`));
    const record = (built: typeof ha) =>
      (built.template.Resources as Record<string, Resource>).ExternalDNS!.Properties;
    expect(record(ha)).toEqual({
      HostedZoneId: 'Z1',
      Name: 'k.example.com',
      Type: 'A',
      AliasTarget: {
        DNSName: { 'Fn::GetAtt': ['APILoadBalancer', 'DNSName'] },
        HostedZoneId: { 'Fn::GetAtt': ['APILoadBalancer', 'CanonicalHostedZoneID'] },
      },
    });
    expect(record(single)).toEqual({
      HostedZoneId: 'Z1',
      Name: 'k.example.com',
      Type: 'A',
      TTL: '300',
      ResourceRecords: [{ Ref: 'EIPController0' }],
    });
  });
});
