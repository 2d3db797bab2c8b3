import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN } from './runCli.js';
import { startMoto } from '../../../testing/motoServer.js';
import type { MotoServer } from '../../../testing/motoServer.js';
import { MOTO_ACCOUNT, prepareMotoAccount } from '../../../testing/motoAccount.js';

// The staged rotation of the cluster CA that docs/operations.md ("Rotating a CA") describes, step
// by step, through the real CLI against moto: trust the next CA, sign with it while the previous
// one is still trusted, then drop the previous one. What the nodes would trust at each stage is
// read from the userdata of the stack as it is built, and judged by openssl.

const REGION = 'us-west-1';
let moto: MotoServer;
let dir: string;
let next: string;
const work = mkdtempSync(join(tmpdir(), 'kube-aws-ca-rotation-'));

function kubeAws(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: REGION,
      KUBE_AWS_POLL_INTERVAL_MS: '200',
      KUBE_AWS_FLATCAR_OWNER: MOTO_ACCOUNT,
    },
  });
}

function ok(args: string[]) {
  const run = kubeAws(args);
  expect(run.status, `kube-aws ${args.join(' ')}\n${run.stdout}${run.stderr}`).toBe(0);
  return run;
}

const credential = (name: string) => join(dir, 'credentials', name);
const pems = (text: string) =>
  text.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];

/** A file a node of the stack as built now writes: `up --export`, then its userdata. */
function nodeFile(node: 'LaunchTemplateController0' | 'LaunchTemplateWorkerDefault', path: string) {
  ok(['up', '--export']);
  const template = JSON.parse(
    readFileSync(join(dir, 'my-cluster-name.stack-template.json'), 'utf8'),
  ) as { Resources: Record<string, { Properties: Record<string, unknown> }> };
  const properties = template.Resources[node]!.Properties;
  // Controllers and workers alike launch from a template (ADR 0018).
  const userdata = (properties.LaunchTemplateData as { UserData: string }).UserData;
  const cloudConfig = gunzipSync(Buffer.from(userdata, 'base64')).toString('utf8');
  return (
    parse(cloudConfig) as { write_files: { path: string; content: string }[] }
  ).write_files.find((file) => file.path === path)!.content;
}

/** openssl verify of a certificate against a bundle of trusted CAs, as a node would. */
function verifies(bundle: string, certificate: string): boolean {
  const file = join(work, `bundle-${Math.random().toString(36).slice(2)}.pem`);
  writeFileSync(file, bundle);
  return (
    spawnSync('openssl', ['verify', '-CAfile', file, certificate], { encoding: 'utf8' }).status ===
    0
  );
}

let oldCa = '';
let nextCa = '';
/** The admin certificate of the old CA: a client that has not yet been renewed. */
let oldAdmin = '';

beforeAll(async () => {
  moto = await startMoto();
  const { keyArn } = await prepareMotoAccount(moto.endpoint, REGION);
  dir = join(work, 'cluster');
  next = join(work, 'next');
  mkdirSync(dir);
  ok([
    'init',
    '--cluster-name=my-cluster-name',
    '--external-dns-name=my-cluster-endpoint.example.com',
    `--region=${REGION}`,
    '--availability-zone=us-west-1b',
    '--key-name=key-pair-name',
    `--kms-key-arn=${keyArn}`,
  ]);
  ok(['render']);
  ok(['up', '--yes']);
  oldCa = readFileSync(credential('ca.pem'), 'utf8');
  oldAdmin = join(work, 'old-admin.pem');
  cpSync(credential('admin.pem'), oldAdmin);
}, 180_000);

afterAll(async () => {
  await moto?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('rotating the cluster CA in three stages (docs/operations.md)', () => {
  it('1. trusts the next CA beside the current one, on every node, signing with the current', () => {
    cpSync(dir, next, { recursive: true });
    const made = spawnSync(
      process.execPath,
      [
        BIN,
        'render',
        'credentials',
        `--asset-dir=${next}`,
        '--force-regenerate=ca',
        '--i-understand-this-replaces-the-ca',
      ],
      { encoding: 'utf8' },
    );
    expect(made.status, made.stderr).toBe(0);
    nextCa = readFileSync(join(next, 'credentials', 'ca.pem'), 'utf8');
    expect(nextCa).not.toBe(oldCa);
    writeFileSync(credential('ca-next.pem'), nextCa);
    const update = ok(['update', '--yes']);
    expect(update.stdout).toMatch(/^ {2}1\. controller0 \(10\.0\.0\.50\): /m);
    expect(update.stdout).toMatch(/UPDATE_COMPLETE/);
    for (const node of ['LaunchTemplateController0', 'LaunchTemplateWorkerDefault'] as const) {
      expect(pems(nodeFile(node, '/etc/kubernetes/ssl/ca-trust.pem')), node).toEqual([
        ...pems(oldCa),
        ...pems(nextCa),
      ]);
      expect(nodeFile(node, '/etc/kubernetes/ssl/ca.pem'), node).toBe(oldCa);
    }
  });

  it('2. signs with the next CA, renewing every certificate it signs, while the previous one is still trusted', () => {
    renameSync(credential('ca.pem'), credential('ca-previous.pem'));
    cpSync(join(next, 'credentials', 'ca.pem'), credential('ca.pem'));
    cpSync(join(next, 'credentials', 'ca-key.pem'), credential('ca-key.pem'));
    rmSync(credential('ca-next.pem'));
    const sealedBefore = readFileSync(credential('ca-key.pem.enc'));
    const rotate = ok(['rotate', 'certificates', '--yes']);
    expect(rotate.stdout).toMatch(/^Sealed with KMS: ca-key\.pem, /m);
    expect(readFileSync(credential('ca-key.pem.enc')).equals(sealedBefore)).toBe(false);
    for (const leaf of ['apiserver.pem', 'admin.pem', 'apiserver-kubelet-client.pem']) {
      expect(verifies(nextCa, credential(leaf)), leaf).toBe(true);
      expect(verifies(oldCa, credential(leaf)), leaf).toBe(false);
    }
    const bundle = nodeFile('LaunchTemplateController0', '/etc/kubernetes/ssl/ca-trust.pem');
    expect(pems(bundle)).toEqual([...pems(nextCa), ...pems(oldCa)]);
    expect(nodeFile('LaunchTemplateController0', '/etc/kubernetes/ssl/ca.pem')).toBe(nextCa);
    // A client the roll has not reached yet still gets in; so does a renewed one.
    expect(verifies(bundle, oldAdmin)).toBe(true);
    expect(verifies(bundle, credential('admin.pem'))).toBe(true);
  });

  it('3. drops the previous CA: nothing it signed is trusted any more', () => {
    rmSync(credential('ca-previous.pem'));
    ok(['update', '--yes']);
    for (const node of ['LaunchTemplateController0', 'LaunchTemplateWorkerDefault'] as const)
      expect(pems(nodeFile(node, '/etc/kubernetes/ssl/ca-trust.pem')), node).toEqual(pems(nextCa));
    const bundle = nodeFile('LaunchTemplateController0', '/etc/kubernetes/ssl/ca-trust.pem');
    expect(verifies(bundle, oldAdmin)).toBe(false);
    expect(verifies(bundle, credential('admin.pem'))).toBe(true);
    const diff = kubeAws(['diff']);
    expect(diff.status).toBe(0);
    expect(diff.stdout).toContain('No changes to my-cluster-name.');
  });

  it('refuses a next or previous CA file that is no CA certificate', () => {
    cpSync(credential('admin.pem'), credential('ca-previous.pem'));
    try {
      const run = kubeAws(['diff']);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(
        'credentials/ca-previous.pem: is not a CA certificate; during a CA rotation it holds the certificate of the next or previous CA (docs/operations.md)',
      );
    } finally {
      rmSync(credential('ca-previous.pem'));
    }
  });
});
