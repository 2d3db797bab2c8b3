import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motoClientConfig, startMoto } from '../../../testing/motoServer.js';
import type { MotoServer } from '../../../testing/motoServer.js';
import { BIN, runCli } from './runCli.js';

// `kube-aws etcd` through the real CLI process against moto's S3. The controllers' side (their
// etcd-backup, which renderer's etcdBackup.test.ts runs with real etcd) is played here by the
// test: it answers a request as a controller would, by writing a snapshot or a restore report.

const REGION = 'eu-central-1';
const BUCKET = 'etcd-kube-aws';
const PREFIX = 'templates/etcd-test/etcd';
const KMS = 'arn:aws:kms:eu-central-1:123456789012:key/00000000-0000-4000-8000-000000000000';
let moto: MotoServer;
let s3: S3Client;
let dir: string;

const CLUSTER_YAML = `clusterName: etcd-test
externalDNSName: kube.example.com
region: ${REGION}
keyName: key-pair-name
kmsKeyArn: ${KMS}
s3URI: s3://${BUCKET}/templates
controllerIP: 10.0.0.20
controller:
  count: 3
subnets:
  - {name: a, availabilityZone: ${REGION}a, instanceCIDR: 10.0.0.0/24}
  - {name: b, availabilityZone: ${REGION}b, instanceCIDR: 10.0.1.0/24}
`;

function env() {
  return {
    ...process.env,
    NO_COLOR: '1',
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: REGION,
    KUBE_AWS_POLL_INTERVAL_MS: '100',
  };
}

/** Runs kube-aws without blocking, so the test can answer as the controllers would meanwhile. */
function kubeAws(
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: env() });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.once('exit', (status) => resolve({ status, stdout, stderr })),
  );
}

async function waitForObject(key: string): Promise<Date> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const found = await s3
      .send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))
      .catch(() => undefined);
    if (found !== undefined) return found.LastModified!;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${key} never appeared`);
}

const stamp = (time: Date) =>
  time
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

beforeAll(async () => {
  moto = await startMoto();
  s3 = new S3Client({ ...motoClientConfig(moto.endpoint, REGION), forcePathStyle: true });
  await s3.send(
    new CreateBucketCommand({
      Bucket: BUCKET,
      CreateBucketConfiguration: { LocationConstraint: REGION },
    }),
  );
  dir = mkdtempSync(join(tmpdir(), 'kube-aws-etcd-'));
  writeFileSync(join(dir, 'cluster.yaml'), CLUSTER_YAML);
}, 180_000);

afterAll(async () => {
  await moto?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('kube-aws etcd', () => {
  it('list says where snapshots go when there are none yet', async () => {
    const listed = await kubeAws(['etcd', 'list']);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toBe(`No snapshots in s3://${BUCKET}/${PREFIX}/snapshots/ yet.\n`);
  });

  it('snapshot asks the controllers, SSE-KMS, and waits for the snapshot the leader saves', async () => {
    const running = kubeAws(['etcd', 'snapshot', '--wait=30s']);
    const asked = await waitForObject(`${PREFIX}/requests/snapshot`);
    const request = await s3.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}/requests/snapshot` }),
    );
    expect(request.ServerSideEncryption).toBe('aws:kms');
    expect(request.SSEKMSKeyId).toBe(KMS);
    const key = `${PREFIX}/snapshots/${stamp(asked)}-controller1.db`;
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'snapshot' }));
    const done = await running;
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toContain(`Saved s3://${BUCKET}/${key} (8 bytes, from controller1).`);
    const listed = await kubeAws(['etcd', 'list', '--output=json']);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({
        uri: `s3://${BUCKET}/${key}`,
        controller: 'controller1',
        bytes: 8,
      }),
    ]);
  });

  it('snapshot exits 5 when no controller answers within --wait', async () => {
    // A request in a later second than the snapshot above, which would otherwise answer it.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const done = await kubeAws(['etcd', 'snapshot', '--wait=1s']);
    expect(done.status).toBe(5);
    expect(done.stderr).toContain('no snapshot newer than the request appeared');
  });

  it('restore refuses a snapshot that is not the cluster\u2019s, and asks before it restores', async () => {
    const elsewhere = await kubeAws(['etcd', 'restore', '--from=s3://other/x.db', '--yes']);
    expect(elsewhere.status).toBe(1);
    expect(elsewhere.stderr).toContain(
      `--from must name one of the cluster's snapshots, s3://${BUCKET}/${PREFIX}/snapshots/<name>.db`,
    );
    const missing = await kubeAws([
      'etcd',
      'restore',
      `--from=s3://${BUCKET}/${PREFIX}/snapshots/none.db`,
      '--yes',
    ]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('there is no snapshot');
    const unconfirmed = await kubeAws([
      'etcd',
      'restore',
      `--from=s3://${BUCKET}/${PREFIX}/snapshots/none.db`,
    ]);
    expect(unconfirmed.status).toBe(1);
    expect(unconfirmed.stderr).toContain('run kube-aws etcd restore --yes');
  });

  it('restore asks every controller, waits for each report, and withdraws the request', async () => {
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${PREFIX}/snapshots/` }),
    );
    const snapshot = listed.Contents![0]!.Key!;
    const running = kubeAws([
      'etcd',
      'restore',
      `--from=s3://${BUCKET}/${snapshot}`,
      '--yes',
      '--wait=60s',
    ]);
    await waitForObject(`${PREFIX}/requests/restore`);
    const body = await (
      await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}/requests/restore` }))
    ).Body!.transformToString();
    const id = /^id=(\S+)$/m.exec(body)![1]!;
    expect(body).toContain(`snapshot=${snapshot}\n`);
    const expires = Number(/^expires=(\d+)$/m.exec(body)![1]);
    expect(expires * 1000).toBeGreaterThan(Date.now());
    for (const name of ['controller0', 'controller1', 'controller2'])
      await s3.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}/restored/${id}/${name}`, Body: '' }),
      );
    const done = await running;
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toContain('controller2 restored');
    expect(done.stdout).toContain('Restored.');
    const left = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${PREFIX}/requests/restore` }),
    );
    expect(left.Contents ?? []).toEqual([]);
  });

  it('says how to turn backups on when the cluster has no S3 location', () => {
    const plain = mkdtempSync(join(tmpdir(), 'kube-aws-etcd-none-'));
    try {
      writeFileSync(
        join(plain, 'cluster.yaml'),
        CLUSTER_YAML.replace(`s3URI: s3://${BUCKET}/templates\n`, ''),
      );
      const result = runCli(['etcd', 'list'], plain);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(
        'etcd of this cluster is not backed up: set s3URI or etcd.backup.s3URI',
      );
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});
