import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, ListChangeSetsCommand } from '@aws-sdk/client-cloudformation';
import { CreateKeyCommand, DisableKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { BIN } from './runCli.js';
import { motoClientConfig, startMoto } from '../../../testing/motoServer.js';
import type { MotoServer } from '../../../testing/motoServer.js';
import { MOTO_ACCOUNT, prepareMotoAccount } from '../../../testing/motoAccount.js';

const REGION = 'us-west-1';
let moto: MotoServer;
let dir: string;
let keyArn: string;
/** Everything every kube-aws process printed: scanned for secrets at the end. */
const transcript: string[] = [];

function kubeAws(args: string[], cwd = dir) {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: REGION,
      KUBE_AWS_POLL_INTERVAL_MS: '200',
      // moto publishes no Flatcar AMIs; the test registers one under moto's own account.
      KUBE_AWS_FLATCAR_OWNER: MOTO_ACCOUNT,
    },
  });
  transcript.push(run.stdout, run.stderr);
  return run;
}

function initFlags(name: string, kms: string, key = 'key-pair-name'): string[] {
  return [
    'init',
    `--cluster-name=${name}`,
    '--external-dns-name=my-cluster-endpoint.example.com',
    `--region=${REGION}`,
    '--availability-zone=us-west-1b',
    `--key-name=${key}`,
    `--kms-key-arn=${kms}`,
  ];
}

beforeAll(async () => {
  moto = await startMoto();
  ({ keyArn } = await prepareMotoAccount(moto.endpoint, REGION));
  dir = mkdtempSync(join(tmpdir(), 'kube-aws-e2e-'));
}, 180_000);

afterAll(async () => {
  await moto.stop();
  rmSync(dir, { recursive: true, force: true });
});

// The guide's flow, each step through the real CLI process, against moto on loopback.
describe('the guide against moto', () => {
  it('1-2. init with the guide flags', () => {
    expect(kubeAws(initFlags('my-cluster-name', keyArn)).status).toBe(0);
  });

  it('3. render, validate and up until CREATE_COMPLETE', () => {
    expect(kubeAws(['render']).status).toBe(0);
    // moto's ValidateTemplate runs cfn-lint and reports its warnings as errors; the provisioner's
    // tests cover ValidateTemplate with aws-sdk-client-mock instead.
    expect(kubeAws(['validate', '--offline']).status).toBe(0);
    const up = kubeAws(['up', '--yes']);
    expect(up.stderr).toMatch(
      /^(warning: termination protection could not be turned on[^\n]*\n)?$/,
    );
    expect(up.status).toBe(0);
    expect(up.stdout).toContain('Sealed with KMS: ca-key.pem');
    expect(up.stdout).toMatch(
      /^Create my-cluster-name: 43 to add, 0 to modify \(0 replaced\), 0 to remove\.$/m,
    );
    expect(up.stdout).toMatch(/CREATE_COMPLETE/);
    expect(up.stdout).toContain('Next: create an A record my-cluster-endpoint.example.com -> ');
    const sealed = readdirSync(join(dir, 'credentials')).filter((name) => name.endsWith('.enc'));
    // Every key, the bootstrap token and the encryption key, not only what nodes need.
    expect(sealed).toHaveLength(15);
    expect(sealed).toContain('encryption-key.enc');
    expect(sealed).not.toContain('controller-manager-key.pem.enc');
  });

  it('3b. a checkout holding the secrets only sealed renders again with the same CA', () => {
    const checkout = mkdtempSync(join(tmpdir(), 'kube-aws-checkout-'));
    try {
      cpSync(dir, checkout, { recursive: true });
      const secrets = readdirSync(join(checkout, 'credentials')).filter((name) =>
        /-key\.pem$|^bootstrap-token$|^encryption-key$/.test(name),
      );
      expect(secrets).toHaveLength(15);
      for (const name of secrets) rmSync(join(checkout, 'credentials', name));
      // apiserver's certificate is deleted too: the user wants that one made anew.
      rmSync(join(checkout, 'credentials', 'apiserver.pem'));
      const render = kubeAws(['render'], checkout);
      expect(render.stderr).toBe('');
      expect(render.status).toBe(0);
      expect(render.stdout).toMatch(/^Opened with KMS: ca-key\.pem, /m);
      expect(render.stdout).not.toMatch(/^Opened with KMS: .*apiserver-key\.pem,/m);
      expect(render.stdout).toMatch(/^Generated in credentials\/: apiserver$/m);
      // The key of the Secrets at rest is opened, never made anew: a new one loses every Secret.
      expect(render.stdout).toMatch(/^Opened with KMS: .*, encryption-key$/m);
      for (const name of secrets) {
        const same =
          readFileSync(join(checkout, 'credentials', name), 'utf8') ===
          readFileSync(join(dir, 'credentials', name), 'utf8');
        expect(same, name).toBe(name !== 'apiserver-key.pem');
        expect(statSync(join(checkout, 'credentials', name)).mode & 0o777, name).toBe(0o600);
      }
    } finally {
      rmSync(checkout, { recursive: true, force: true });
    }
  });

  it('4. status shows the controller IP', () => {
    const status = kubeAws(['status']);
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/^Stack status: {3}CREATE_COMPLETE$/m);
    expect(status.stdout).toMatch(/^Controller IP: {2}\d+\.\d+\.\d+\.\d+$/m);
    // Days left per certificate, none flagged: all have 90 or 365.
    expect(status.stdout).toMatch(/^ {2}apiserver\.pem +(89|90) {2}\(\d{4}-/m);
    expect(status.stdout).toMatch(/^ {2}ca\.pem +(364|365) {2}\(\d{4}-/m);
    expect(status.stdout).not.toContain('  !');
    expect(status.stderr).toBe('');
    const json = JSON.parse(kubeAws(['status', '--output=json']).stdout) as {
      controllerIP: string;
      certificates: unknown[];
    };
    expect(json.controllerIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(json.certificates.length).toBeGreaterThan(10);
  });

  it('5. up --export writes a template with the ciphertexts and no private key', () => {
    const exported = kubeAws(['up', '--export']);
    expect(exported.status).toBe(0);
    const template = readFileSync(join(dir, 'my-cluster-name.stack-template.json'), 'utf8');
    expect(template).not.toMatch(/PRIVATE KEY/);
    const userdata = JSON.parse(template).Resources.LaunchTemplateController0.Properties
      .LaunchTemplateData.UserData as string;
    const cloudConfig = spawnSync('gunzip', ['-c'], {
      input: Buffer.from(userdata, 'base64'),
    }).stdout.toString();
    // Each secret's ciphertext is in the stack's SSM parameter, which the node fetches at boot.
    const resources = JSON.parse(template).Resources as Record<
      string,
      { Properties: { Value?: string } }
    >;
    for (const [id, file] of [
      ['SecretParameterApiserverKeyPem', 'apiserver-key.pem'],
      ['SecretParameterEncryptionKey', 'encryption-key'],
    ] as const) {
      const ciphertext = readFileSync(join(dir, 'credentials', `${file}.enc`)).toString('base64');
      expect(resources[id]!.Properties.Value, id).toBe(ciphertext);
    }
    expect(cloudConfig).not.toMatch(/PRIVATE KEY/);
  });

  it('6. a second update with no config change seals nothing anew and reports no changes', () => {
    const before = readFileSync(join(dir, 'credentials', 'ca-key.pem.enc'));
    const update = kubeAws(['update', '--yes']);
    expect(update.status).toBe(0);
    expect(update.stdout).not.toContain('Sealed with KMS');
    expect(update.stdout).toContain('No changes to my-cluster-name.');
    expect(readFileSync(join(dir, 'credentials', 'ca-key.pem.enc'))).toEqual(before);
    const diff = kubeAws(['diff']);
    expect(diff.status).toBe(0);
    expect(kubeAws(['up', '--yes']).stderr).toContain(
      'stack my-cluster-name exists (CREATE_COMPLETE); change it with kube-aws update',
    );
  });

  it('6b. rotate certificates --yes renews every leaf under the same CAs, seals and applies them', () => {
    const credentials = join(dir, 'credentials');
    const read = (name: string) => readFileSync(join(credentials, name));
    const cas = ['ca.pem', 'etcd-ca.pem', 'front-proxy-ca.pem'];
    const before = new Map(
      [
        ...cas,
        'apiserver.pem',
        'apiserver-key.pem',
        'apiserver-key.pem.enc',
        'etcd-server.pem',
      ].map((name) => [name, read(name)]),
    );
    const rotate = kubeAws(['rotate', 'certificates', '--yes']);
    expect(rotate.stderr).toMatch(/^(warning: termination protection[^\n]*\n)?$/);
    expect(rotate.status).toBe(0);
    expect(rotate.stdout).toMatch(
      /^Renewing under the same CAs, each with a new key: apiserver, worker, admin, apiserver-kubelet-client, etcd-server, etcd-peer, etcd-client, apiserver-etcd-client, front-proxy-client$/m,
    );
    expect(rotate.stdout).toMatch(/^Sealed with KMS: .*apiserver-key\.pem/m);
    expect(rotate.stdout).toMatch(/^Update my-cluster-name: /m);
    expect(rotate.stdout).toMatch(/UPDATE_COMPLETE/);
    // The CAs byte for byte; the leaves new, with new keys, chaining to the same CAs.
    for (const name of cas) expect(read(name).equals(before.get(name)!), name).toBe(true);
    for (const name of [
      'apiserver.pem',
      'apiserver-key.pem',
      'apiserver-key.pem.enc',
      'etcd-server.pem',
    ])
      expect(read(name).equals(before.get(name)!), name).toBe(false);
    const openssl = (...args: string[]) =>
      spawnSync('openssl', args, { cwd: credentials, encoding: 'utf8' });
    for (const [ca, leaf] of [
      ['ca.pem', 'apiserver.pem'],
      ['etcd-ca.pem', 'etcd-server.pem'],
      ['front-proxy-ca.pem', 'front-proxy-client.pem'],
    ]) {
      const verified = openssl('verify', '-x509_strict', '-CAfile', ca!, leaf!);
      expect(verified.stdout.trim(), verified.stderr).toBe(`${leaf}: OK`);
    }
    const publicKey = (args: string[]) => openssl(...args).stdout;
    expect(publicKey(['pkey', '-in', 'apiserver-key.pem', '-pubout'])).toBe(
      publicKey(['x509', '-in', 'apiserver.pem', '-noout', '-pubkey']),
    );
    expect(publicKey(['x509', '-in', 'apiserver.pem', '-noout', '-pubkey'])).not.toBe(
      spawnSync('openssl', ['x509', '-noout', '-pubkey'], {
        input: before.get('apiserver.pem'),
      }).stdout.toString(),
    );
    // Applied: nothing is left to change.
    const diff = kubeAws(['diff']);
    expect(diff.status).toBe(0);
    expect(diff.stdout).toContain('No changes to my-cluster-name.');
  });

  it('6c. a kubernetesVersion that skips a minor is refused by diff and update, leaving no change set', async () => {
    const original = readFileSync(join(dir, 'cluster.yaml'), 'utf8');
    const changeSets = async () =>
      (
        await new CloudFormationClient(motoClientConfig(moto.endpoint, REGION)).send(
          new ListChangeSetsCommand({ StackName: 'my-cluster-name' }),
        )
      ).Summaries?.map((item) => `${item.ChangeSetName} ${item.ExecutionStatus}`) ?? [];
    const before = await changeSets();
    expect(before.every((item) => item.endsWith(' EXECUTE_COMPLETE'))).toBe(true);
    try {
      writeFileSync(join(dir, 'cluster.yaml'), `${original}\nkubernetesVersion: v1.38.0\n`);
      expect(kubeAws(['render']).status).toBe(0);
      const refusal =
        'kubernetesVersion v1.38.0: the stack runs v1.36.1, and the control plane moves one minor release at a time. Upgrade through each, with kube-aws update after every step: v1.36.1 → v1.37.x → v1.38.0 (kubernetes.io/releases/version-skew-policy)';
      for (const args of [['diff'], ['update', '--yes']]) {
        const run = kubeAws(args);
        expect(run.status, args.join(' ')).toBe(1);
        expect(run.stderr).toBe(`kube-aws ${args[0]}: ${refusal}\n`);
        expect(run.stdout).not.toContain('Sealed with KMS');
      }
      // No change set was made (moto keeps those it executed: each one before is still there).
      expect(await changeSets()).toEqual(before);
      writeFileSync(join(dir, 'cluster.yaml'), `${original}\nkubernetesVersion: v1.35.9\n`);
      expect(kubeAws(['render']).status).toBe(0);
      expect(kubeAws(['diff']).stderr).toContain(
        'kubernetesVersion v1.35.9: the stack runs v1.36.1, and Kubernetes supports no downgrade',
      );
    } finally {
      writeFileSync(join(dir, 'cluster.yaml'), original);
      expect(kubeAws(['render']).status).toBe(0);
    }
  });

  it('6d. diff exits 3 when cluster.yaml changed, and changes nothing', () => {
    writeFileSync(
      join(dir, 'cluster.yaml'),
      readFileSync(join(dir, 'cluster.yaml'), 'utf8').replace(
        '#worker:\n#  count: 1',
        'worker:\n  count: 2',
      ),
    );
    expect(kubeAws(['render']).status).toBe(0);
    const diff = kubeAws(['diff']);
    expect(diff.status).toBe(3);
    expect(diff.stdout).toMatch(/AutoScaleWorkerDefault/);
    // moto details no property of a change: the roll plan says the pool may roll, and why.
    expect(diff.stdout).toMatch(
      /^ {2}1\. pool default \(AutoScaleWorkerDefault\): 2 nodes replaced, .*\(if the change is to its launch template or subnets: the change set does not say\)$/m,
    );
    expect(kubeAws(['update']).stderr).toContain(
      'nobody can confirm here (no terminal); run kube-aws update --yes',
    );
    // The same plan as JSON and YAML: stdout holds the result alone, with the roll plan's lines.
    for (const format of ['json', 'yaml']) {
      const machine = kubeAws(['diff', '-o', format]);
      expect(machine.status, machine.stderr).toBe(3);
      const plan = (format === 'json' ? JSON.parse(machine.stdout) : parseYaml(machine.stdout)) as {
        stackName: string;
        type: string;
        summary: { modify: number };
        changes: { logicalId: string; action: string }[];
        rollPlan: string[];
      };
      expect(plan.stackName).toBe('my-cluster-name');
      expect(plan.type).toBe('UPDATE');
      expect(plan.changes).toContainEqual(
        expect.objectContaining({ logicalId: 'AutoScaleWorkerDefault', action: 'Modify' }),
      );
      expect(plan.summary.modify).toBe(plan.changes.filter((c) => c.action === 'Modify').length);
      expect(plan.rollPlan[0]).toBe(
        'Roll plan: the control plane first, one controller at a time, then each pool in turn:',
      );
      expect(plan.rollPlan).toContainEqual(expect.stringMatching(/^ {2}1\. pool default /));
      expect(diff.stdout).toContain(plan.rollPlan.join('\n'));
    }
  });

  it('6e. diff of a change that replaces the controller shows it rolled, one at a time', () => {
    writeFileSync(
      join(dir, 'cluster.yaml'),
      readFileSync(join(dir, 'cluster.yaml'), 'utf8')
        .replace(/^controller:\n/m, 'controller:\n  instanceType: m7i.large\n')
        .replace(/^#controller:\n/m, 'controller:\n  instanceType: m7i.large\n'),
    );
    const diff = kubeAws(['diff']);
    expect(diff.status, diff.stderr).toBe(3);
    expect(diff.stdout).toMatch(/LaunchTemplateController0/);
    expect(diff.stdout).toContain(
      'Roll plan: the control plane first, one controller at a time, then each pool in turn:',
    );
    expect(diff.stdout).toMatch(
      /^ {2}1\. controller0 \(10\.0\.0\.50\): replaced, the old instance first/m,
    );
  });

  it('7. destroy', () => {
    expect(kubeAws(['destroy']).stderr).toContain('run kube-aws destroy --yes');
    const destroyed = kubeAws(['destroy', '--yes']);
    expect(destroyed.status).toBe(0);
    expect(destroyed.stdout).toContain('Destroyed my-cluster-name.');
    expect(kubeAws(['status']).stderr).toContain('there is no stack my-cluster-name');
  });
});

describe('pre-flight failures create no stack', () => {
  function preflight(name: string, kms: string, key?: string) {
    const own = mkdtempSync(join(tmpdir(), 'kube-aws-preflight-'));
    try {
      expect(kubeAws(initFlags(name, kms, key), own).status).toBe(0);
      expect(kubeAws(['render'], own).status).toBe(0);
      const up = kubeAws(['up', '--yes'], own);
      const status = kubeAws(['status'], own);
      expect(status.stderr).toContain(`there is no stack ${name}`);
      return up;
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  }

  it('a missing key pair', () => {
    const up = preflight('no-key-pair', keyArn, 'missing-key');
    expect(up.status).toBe(1);
    expect(up.stderr).toBe(
      `kube-aws up: the EC2 key pair missing-key (keyName) does not exist in ${REGION}; create or import it, or name another\n`,
    );
  });

  it('a KMS key in another region', async () => {
    const other = (
      await new KMSClient(motoClientConfig(moto.endpoint, 'eu-west-1')).send(
        new CreateKeyCommand({}),
      )
    ).KeyMetadata!.Arn!;
    const dirOther = mkdtempSync(join(tmpdir(), 'kube-aws-preflight-'));
    const init = kubeAws(initFlags('other-region', other), dirOther);
    rmSync(dirOther, { recursive: true, force: true });
    // cluster.yaml's own rules catch it before AWS is asked.
    expect(init.status).toBe(1);
    expect(init.stderr).toContain('is in region eu-west-1, but the cluster is in us-west-1');
  });

  it('a disabled KMS key', async () => {
    const kms = new KMSClient(motoClientConfig(moto.endpoint, REGION));
    const disabled = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    await kms.send(new DisableKeyCommand({ KeyId: disabled.split('/').pop()! }));
    const up = preflight('disabled-key', disabled);
    expect(up.status).toBe(1);
    expect(up.stderr).toBe(
      `kube-aws up: the KMS key ${disabled} is Disabled; enable it (aws kms enable-key) or name another\n`,
    );
  });
});

describe('secrets', () => {
  it('no log line, error or exported template holds a private key', () => {
    const text = transcript.join('\n');
    expect(text.length).toBeGreaterThan(1000);
    expect(text).not.toMatch(/-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/);
    for (const name of readdirSync(join(dir, 'credentials')).filter((file) =>
      file.endsWith('-key.pem'),
    )) {
      const body = readFileSync(join(dir, 'credentials', name), 'utf8').split('\n')[1]!;
      expect(text).not.toContain(body);
    }
  });
});
