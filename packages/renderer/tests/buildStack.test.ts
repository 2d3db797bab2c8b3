import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  buildStack,
  fakeKmsCiphertext,
  NODE_ASSETS,
  renderAssets,
  RenderError,
} from '../src/index.js';
import type { BuiltStack } from '../src/index.js';
import { AMI, build, configFrom, pinnedAssets } from './helpers.js';
import { caseConfig, FIXTURES, GOLDEN_CASES } from './goldenFixtures.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

function resources(built: BuiltStack): [string, Resource][] {
  return Object.entries(built.template.Resources as Record<string, Resource>);
}

function ofType(built: BuiltStack, type: string): [string, Resource][] {
  return resources(built).filter(([, resource]) => resource.Type === type);
}

interface WriteFile {
  path: string;
  content: string;
}

function writeFiles(cloudConfig: string): WriteFile[] {
  return (parse(cloudConfig) as { write_files: WriteFile[] }).write_files;
}

const builds = Object.fromEntries(GOLDEN_CASES.map((name) => [name, build(caseConfig(name))]));

describe(buildStack, () => {
  it.each(GOLDEN_CASES)(
    '%s: every launch template requires IMDSv2 with a hop limit of 2',
    async (name) => {
      const built = await builds[name]!;
      const templates = ofType(built, 'AWS::EC2::LaunchTemplate');
      expect(templates.length).toBeGreaterThanOrEqual(2);
      for (const [, template] of templates) {
        expect(
          (template.Properties.LaunchTemplateData as Record<string, unknown>).MetadataOptions,
        ).toEqual({ HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 2, HttpTokens: 'required' });
      }
      for (const [, instance] of ofType(built, 'AWS::EC2::Instance')) {
        expect(instance.Properties.LaunchTemplate).toMatchObject({
          LaunchTemplateId: { Ref: 'LaunchTemplateController' },
        });
      }
    },
  );

  it.each(GOLDEN_CASES)(
    '%s: no security group rule opens etcd or the kubelet to the internet',
    async (name) => {
      const rules = ofType(await builds[name]!, 'AWS::EC2::SecurityGroupIngress').map(
        ([, rule]) => rule.Properties,
      );
      const reaches = (port: number) =>
        rules.filter(
          (rule) => (rule.FromPort as number) <= port && port <= (rule.ToPort as number),
        );
      for (const port of [2379, 2380, 10250]) {
        expect(reaches(port).length).toBeGreaterThan(0);
        for (const rule of reaches(port)) {
          expect(rule.CidrIp, `port ${port}`).toBeUndefined();
          expect(rule.SourceSecurityGroupId).toBeDefined();
        }
      }
      expect(
        reaches(2379).every((rule) =>
          JSON.stringify(rule.SourceSecurityGroupId).includes('SecurityGroupController'),
        ),
      ).toBe(true);
    },
  );

  it.each(GOLDEN_CASES)('%s: kms:Decrypt is allowed on the configured key only', async (name) => {
    const config = caseConfig(name);
    for (const [, role] of ofType(await builds[name]!, 'AWS::IAM::Role')) {
      const statements = (
        role.Properties.Policies as {
          PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] };
        }[]
      ).flatMap((policy) => policy.PolicyDocument.Statement);
      const decrypting = statements.filter((statement) =>
        [statement.Action]
          .flat()
          .some((action) => action === 'kms:Decrypt' || action === 'kms:*' || action === '*'),
      );
      expect(decrypting).toEqual([
        {
          Sid: 'DecryptTLSAssets',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: config.kmsKeyArn,
        },
      ]);
    }
  });

  it.each(GOLDEN_CASES)(
    '%s: encrypted, gp3 (or as configured) root volumes everywhere',
    async (name) => {
      const built = await builds[name]!;
      const mappings = [
        ...ofType(built, 'AWS::EC2::Instance').map(
          ([, instance]) => instance.Properties.BlockDeviceMappings,
        ),
        ...ofType(built, 'AWS::EC2::LaunchTemplate')
          .map(
            ([, template]) =>
              (template.Properties.LaunchTemplateData as Record<string, unknown>)
                .BlockDeviceMappings,
          )
          .filter((item) => item !== undefined),
      ] as { Ebs: { Encrypted: boolean } }[][];
      expect(mappings.length).toBeGreaterThan(0);
      for (const mapping of mappings) expect(mapping[0]!.Ebs.Encrypted).toBe(true);
    },
  );

  it('names the service CIDR and the etcd client certificates in the API server flags', async () => {
    const config = caseConfig('custom-cidrs');
    const controller = (await builds['custom-cidrs']!).userdata.find(
      (item) => item.node === 'controller0',
    )!;
    const pod = parse(
      writeFiles(controller.cloudConfig).find(
        (file) => file.path === '/etc/kubernetes/manifests/kube-apiserver.yaml',
      )!.content,
    ) as { spec: { containers: { command: string[] }[] } };
    const command = pod.spec.containers[0]!.command;
    expect(command).toContain(`--service-cluster-ip-range=${config.serviceCIDR}`);
    expect(command).toContain('--etcd-cafile=/etc/kubernetes/ssl/etcd-ca-trust.pem');
    expect(command).toContain('--etcd-certfile=/etc/kubernetes/ssl/apiserver-etcd-client.pem');
    expect(command).toContain('--etcd-keyfile=/etc/kubernetes/ssl/apiserver-etcd-client-key.pem');
    expect(command).toContain('--authorization-mode=Node,RBAC');
    expect(command).toContain(`--advertise-address=${config.controllerIP}`);
  });

  it.each(GOLDEN_CASES)(
    '%s: every secret a node uses is fetched sealed from SSM, none is in the userdata',
    async (name) => {
      const built = await builds[name]!;
      const parameters = Object.values(built.template.Resources as Record<string, Resource>)
        .filter((resource) => resource.Type === 'AWS::SSM::Parameter')
        .map((resource) => resource.Properties as { Name: string; Value: string });
      for (const node of built.userdata) {
        const files = writeFiles(node.cloudConfig);
        const written = new Set(files.map((file) => file.path));
        const text = node.cloudConfig;
        // Keys the controller makes itself, from the CA, for its own components.
        const madeOnNode = new Set(
          ['kubelet', 'kubelet-serving', 'controller-manager', 'scheduler', 'admin'].map(
            (name) => `/etc/kubernetes/ssl/${name}-key.pem`,
          ),
        );
        const fetched = /^\s*names=\(([^)]*)\)/m
          .exec(files.find((file) => file.path === '/opt/bin/fetch-secrets')!.content)![1]!
          .split(' ');
        const list = node.node.startsWith('controller')
          ? NODE_ASSETS.controller
          : NODE_ASSETS.worker;
        expect(fetched).toEqual(list.encrypted);
        const secrets = [
          ...text.matchAll(/\/etc\/kubernetes\/ssl\/([\w.-]+?-key\.pem|bootstrap-token)\b/g),
        ].map((match) => match[1]!);
        expect(secrets.length).toBeGreaterThan(0);
        for (const secret of new Set(secrets)) {
          if (madeOnNode.has(`/etc/kubernetes/ssl/${secret}`)) continue;
          expect(fetched, `${node.node}: ${secret}`).toContain(secret);
          expect(written.has(`/etc/kubernetes/ssl/${secret}`), `${node.node}: ${secret}`).toBe(
            false,
          );
        }
        // Each fetched secret is a parameter of the stack holding exactly its sealed blob.
        for (const file of list.encrypted)
          expect(parameters).toContainEqual(
            expect.objectContaining({ Name: `/kube-aws/${caseConfig(name).clusterName}/${file}` }),
          );
        expect(text).not.toMatch(/PRIVATE KEY/);
        expect(files.some((file) => file.path.endsWith('.enc'))).toBe(false);
      }
    },
  );

  it("pins the secrets in the userdata: another sealed blob changes every node's userdata", async () => {
    const config = caseConfig('guide-init');
    const assets = await pinnedAssets(config);
    const input = { config, templates: renderAssets(config), amiId: AMI, ...assets };
    const before = await buildStack(input);
    const encryptedAssets = new Map(assets.encryptedAssets);
    encryptedAssets.set('bootstrap-token', await fakeKmsCiphertext('other', 23));
    const after = await buildStack({ ...input, encryptedAssets });
    for (const [index, node] of after.userdata.entries())
      expect(node.base64, node.node).not.toBe(before.userdata[index]!.base64);
  });

  it.each(GOLDEN_CASES)(
    '%s: the static pods and add-ons are Kubernetes objects; the add-ons travel in SSM, pinned',
    async (name) => {
      const built = await builds[name]!;
      const controller = built.userdata.find((item) => item.node === 'controller0')!;
      const staticPods = writeFiles(controller.cloudConfig).filter((file) =>
        file.path.includes('manifests/'),
      );
      // etcd's manifest is written by /opt/bin/etcd-member, with the initial cluster it chose.
      expect(staticPods.map((file) => file.path).sort()).toEqual([
        ...['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].map(
          (pod) => `/etc/kubernetes/manifests/${pod}.yaml`,
        ),
        '/etc/kubernetes/member-manifests/etcd.yaml',
      ]);
      const documents = [
        ...staticPods.flatMap((file) => parseAllDocuments(file.content)),
        ...parseAllDocuments(built.addons.text),
      ];
      expect(documents.length).toBeGreaterThanOrEqual(20);
      for (const document of documents) {
        const object = document.toJS() as {
          apiVersion?: string;
          kind?: string;
          metadata?: { name?: string };
        };
        expect(object.apiVersion).toBeTruthy();
        expect(object.kind).toBeTruthy();
        expect(object.metadata?.name).toBeTruthy();
      }
      // The parameter holds exactly the filled-in add-ons, and the userdata pins that value.
      const parameter = ofType(built, 'AWS::SSM::Parameter').find(
        ([id]) => id === 'AddonsParameter',
      )![1].Properties as { Name: string; Value: string };
      expect(parameter.Name).toBe(`/kube-aws/${caseConfig(name).clusterName}/addons`);
      expect(gunzipSync(Buffer.from(parameter.Value, 'base64')).toString('utf8')).toBe(
        built.addons.text,
      );
      const pin = createHash('sha256').update(parameter.Value).digest('hex');
      expect(controller.cloudConfig).toContain(`!= ${pin} ]`);
    },
  );

  it('puts no private key in plaintext anywhere in the template', async () => {
    for (const name of GOLDEN_CASES) {
      const built = await builds[name]!;
      expect(built.templateBody).not.toMatch(/PRIVATE KEY/);
      for (const node of built.userdata)
        expect(node.cloudConfig).not.toMatch(/BEGIN (EC |RSA )?PRIVATE KEY/);
    }
  });

  it('is byte-identical for the same input', async () => {
    const config = caseConfig('three-azs');
    const [a, b] = [await build(config), await build(config)];
    expect(a.templateBody).toBe(b.templateBody);
  });

  it('fits the default cluster in one EC2 userdata and one template body', async () => {
    const built = await builds['guide-init']!;
    for (const node of built.userdata) expect(node.bytes).toBeLessThanOrEqual(16_384);
    expect(built.templateBodyBytes).toBeLessThanOrEqual(51_200);
  });

  it('gives each node pool its own launch template, group and userdata', async () => {
    const built = await builds['ha-private-pools']!;
    expect(ofType(built, 'AWS::AutoScaling::AutoScalingGroup').map(([id]) => id)).toEqual([
      'AutoScaleController0',
      'AutoScaleController1',
      'AutoScaleController2',
      'AutoScaleWorkerGeneral',
      'AutoScaleWorkerIoHeavy',
    ]);
    expect(built.userdata.map((item) => item.node)).toEqual([
      'controller0',
      'controller1',
      'controller2',
      'worker-general',
      'worker-io-heavy',
    ]);
    expect(ofType(built, 'AWS::EC2::NatGateway')).toHaveLength(1);
  });
});

describe('a staged CA rotation (docs/operations.md)', () => {
  // Any other CA stands in for the next or previous one: the rsa-2048 case's.
  const other = (name: string) =>
    readFileSync(join(FIXTURES, 'rsa-2048', 'test-pki', `${name}.pem`), 'utf8');

  it('makes each node trust the CA with the next and previous ones it is given, signing with the CA alone', async () => {
    const config = caseConfig('guide-init');
    const assets = await pinnedAssets(config);
    const certificates = new Map([
      ...assets.certificates,
      ['ca-next.pem', other('ca')],
      ['etcd-ca-previous.pem', other('etcd-ca')],
    ]);
    const built = await buildStack({
      config,
      templates: renderAssets(config),
      amiId: AMI,
      ...assets,
      certificates,
    });
    const fileOf = (node: string, path: string) =>
      (
        parse(built.userdata.find((item) => item.node === node)!.cloudConfig) as {
          write_files: { path: string; content: string }[];
        }
      ).write_files.find((item) => item.path === path)!.content;
    const pems = (text: string) =>
      text.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g);
    for (const node of ['controller0', 'worker-default']) {
      expect(pems(fileOf(node, '/etc/kubernetes/ssl/ca-trust.pem')), node).toEqual([
        ...pems(assets.certificates.get('ca.pem')!)!,
        ...pems(other('ca'))!,
      ]);
      expect(fileOf(node, '/etc/kubernetes/ssl/ca.pem'), node).toBe(
        assets.certificates.get('ca.pem'),
      );
    }
    expect(pems(fileOf('controller0', '/etc/kubernetes/ssl/etcd-ca-trust.pem'))).toEqual([
      ...pems(assets.certificates.get('etcd-ca.pem')!)!,
      ...pems(other('etcd-ca'))!,
    ]);
    expect(fileOf('controller0', '/etc/kubernetes/ssl/front-proxy-ca-trust.pem')).toBe(
      assets.certificates.get('front-proxy-ca.pem'),
    );
  });
});

describe('template errors point at the template', () => {
  const config = configFrom(
    'clusterName: c\nexternalDNSName: k.example.com\nregion: us-west-1\navailabilityZone: us-west-1a\nkeyName: k\nkmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/k\n',
  );

  async function failure(file: string, edit: (text: string) => string): Promise<RenderError> {
    const templates = renderAssets(config);
    const edited = { ...templates, [file]: edit(templates[file]!) };
    const error = await buildStack({
      config,
      templates: edited,
      amiId: 'ami-1',
      ...(await pinnedAssets(config)),
    }).catch((caught: unknown) => caught);
    expect(RenderError.is(error)).toBe(true);
    return error as RenderError;
  }

  it('names an unknown variable with its file and line, and suggests the right one', async () => {
    const error = await failure('cloud-config/cloud-config-worker', (text) =>
      text.replace('{{ cluster.dnsServiceIP }}', '{{ cluster.dnsServiceIp }}'),
    );
    const worker = renderAssets(config)['cloud-config/cloud-config-worker']!;
    const line = worker.split('\n').findIndex((item) => item.includes('cluster.dnsServiceIP')) + 1;
    expect(error.message).toBe(
      `cloud-config/cloud-config-worker:${line}: unknown variable "cluster.dnsServiceIp"; did you mean cluster.dnsServiceIP?`,
    );
    expect(error.line).toBe(line);
  });

  it('names an unknown top-level variable', async () => {
    const error = await failure('cloud-config/cloud-config-controller', (text) =>
      text.replace('{{ cluster.region }}', '{{ workerCont }}'),
    );
    expect(error.message).toMatch(
      /^cloud-config\/cloud-config-controller:\d+: unknown variable "workerCont"$/,
    );
  });

  it('reports a nunjucks syntax error with its line', async () => {
    const error = await failure('cloud-config/cloud-config-worker', (text) =>
      text.replace('{%- endfor %}', '{%- endfro %}'),
    );
    expect(error.message).toMatch(/^cloud-config\/cloud-config-worker:\d+: /);
  });

  it('reports a stack template that is not JSON once filled in', async () => {
    const error = await failure('stack-template.json', (text) =>
      text.replace('"AWSTemplateFormatVersion"', 'AWSTemplateFormatVersion'),
    );
    expect(error.message).toMatch(/^stack-template\.json:2: is not valid JSON once filled in/);
  });

  it('names the missing credential', async () => {
    const assets = await pinnedAssets(config);
    assets.encryptedAssets.delete('bootstrap-token');
    const error = await buildStack({
      config,
      templates: renderAssets(config),
      amiId: 'ami-1',
      ...assets,
    }).catch((caught: unknown) => caught);
    expect((error as RenderError).message).toBe(
      'credentials/bootstrap-token.enc: bootstrap-token.enc is needed by the nodes but was not given; run kube-aws render credentials',
    );
  });
});

describe('nodes with s3URI fetch their cloud-config from S3', () => {
  it('ships a small userdata and an upload whose key holds the content hash', async () => {
    const built = await builds['rsa-2048']!;
    for (const node of built.userdata) {
      expect(node.upload).toBeDefined();
      expect(node.upload!.bucket).toBe('rsa-keys-kube-aws');
      expect(node.upload!.key).toMatch(
        new RegExp(`^templates/rsa-keys/userdata/${node.node}-[0-9a-f]{16}\\.gz$`),
      );
      expect(node.bytes).toBeLessThan(1_000);
      expect(node.upload!.body.length).toBeGreaterThan(16_384 / 4);
    }
  });

  it('lets the node roles read only the userdata objects', async () => {
    const built = await builds['rsa-2048']!;
    for (const [, role] of ofType(built, 'AWS::IAM::Role')) {
      const statements = (
        role.Properties.Policies as {
          PolicyDocument: { Statement: { Sid: string; Action: string; Resource: unknown }[] };
        }[]
      ).flatMap((policy) => policy.PolicyDocument.Statement);
      expect(statements.find((statement) => statement.Sid === 'ReadCloudConfig')).toEqual({
        Sid: 'ReadCloudConfig',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: {
          'Fn::Sub': 'arn:${AWS::Partition}:s3:::rsa-keys-kube-aws/templates/rsa-keys/userdata/*',
        },
      });
    }
  });

  it('keeps userdata inline without s3URI', async () => {
    for (const node of (await builds['guide-init']!).userdata) expect(node.upload).toBeUndefined();
  });
});
