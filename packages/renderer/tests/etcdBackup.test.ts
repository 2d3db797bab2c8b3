import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsProxy } from '../../../testing/awsProxy.js';
import type { AwsProxy, ForwardedRequest } from '../../../testing/awsProxy.js';
import { motoClientConfig, startMoto } from '../../../testing/motoServer.js';
import type { MotoServer } from '../../../testing/motoServer.js';
import { EtcdHarness } from './etcdHarness.js';
import { caseConfig, FIXTURES } from './goldenFixtures.js';
import { startAwsCli } from './startAwsCli.js';
import type { AwsCli } from './startAwsCli.js';

// etcd's snapshots and restore as the controllers' rendered /opt/bin/etcd-backup takes and makes
// them (docs/etcd.md), with Debian's etcd in the HA case's three members (etcdHarness.ts) and
// moto's S3 behind a recording proxy. Every S3 request the script makes is checked against the
// controller role's rendered policy: action, object ARN and conditions (SSE-KMS with the cluster
// key), as IAM would evaluate them; moto's own IAM checks neither resources nor conditions.

const CASE = 'ha-private-pools';
const config = caseConfig(CASE);
const uri = config.etcd.backup!.s3URI;
const [bucket, ...rest] = uri.replace('s3://', '').split('/');
const prefix = rest.join('/');

type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
};

/** The controller role's statements, `Fn::Sub` filled in for the aws partition. */
function controllerStatements(): Statement[] {
  const template = JSON.parse(
    readFileSync(join(FIXTURES, CASE, 'build', 'stack-template.json'), 'utf8'),
  ) as {
    Resources: Record<
      string,
      { Properties: { Policies: { PolicyDocument: { Statement: Statement[] } }[] } }
    >;
  };
  const text = JSON.stringify(
    template.Resources.IAMRoleController!.Properties.Policies[0]!.PolicyDocument.Statement,
  );
  return JSON.parse(
    text.replace(/\{"Fn::Sub":"([^"]*)"\}/g, (_, arn: string) =>
      JSON.stringify(arn.replaceAll('${AWS::Partition}', 'aws')),
    ),
  ) as Statement[];
}

/** IAM's wildcard match: `*` any run of characters, `?` one. */
function matches(pattern: string, value: string): boolean {
  const expression = pattern
    .split('')
    .map((char) =>
      char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\/]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${expression}$`).test(value);
}

/** What IAM sees of an S3 request made path-style: its action, resource and condition keys. */
function s3Request(request: ForwardedRequest) {
  const url = new URL(request.url, 'http://s3');
  const [, name = '', ...key] = url.pathname.split('/');
  const objectKey = decodeURIComponent(key.join('/'));
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  if (objectKey === '') {
    return {
      action: request.method === 'GET' ? 's3:ListBucket' : `s3:${request.method}Bucket`,
      resource: `arn:aws:s3:::${name}`,
      context: { 's3:prefix': url.searchParams.get('prefix') ?? '' } as Record<
        string,
        string | undefined
      >,
    };
  }
  const action =
    request.method === 'PUT'
      ? 's3:PutObject'
      : request.method === 'DELETE'
        ? 's3:DeleteObject'
        : 's3:GetObject';
  return {
    action,
    resource: `arn:aws:s3:::${name}/${objectKey}`,
    context: {
      's3:x-amz-server-side-encryption': header('x-amz-server-side-encryption'),
      's3:x-amz-server-side-encryption-aws-kms-key-id': header(
        'x-amz-server-side-encryption-aws-kms-key-id',
      ),
    } as Record<string, string | undefined>,
  };
}

/** Whether an Allow statement grants the request (no statement here denies). */
function allowed(statements: Statement[], request: ReturnType<typeof s3Request>): boolean {
  return statements.some((statement) => {
    if (statement.Effect !== 'Allow') return false;
    if (![statement.Action].flat().some((action) => matches(action, request.action))) return false;
    const resources = [statement.Resource].flat().filter((item) => typeof item === 'string');
    if (!resources.some((resource) => matches(resource, request.resource))) return false;
    for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
      for (const [key, wanted] of Object.entries(keys)) {
        const value = request.context[key];
        if (value === undefined) return false;
        const test = operator === 'StringLike' ? matches : (a: string, b: string) => a === b;
        if (![wanted].flat().some((pattern) => test(pattern, value))) return false;
      }
    }
    return true;
  });
}

let moto: MotoServer;
let proxy: AwsProxy;
let awsCli: AwsCli;
let s3: S3Client;
const harness = new EtcdHarness(CASE);

const etcdGet = (index: number, key: string) =>
  harness
    .etcdctl(index, harness.endpoints(), 'apiserver-etcd-client', [
      'get',
      key,
      '--print-value-only',
    ])
    .stdout.trim();

async function keys(under: string): Promise<string[]> {
  const listed = await s3.send(
    new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/${under}` }),
  );
  return (listed.Contents ?? []).map((item) => item.Key!).sort();
}

/**
 * Runs every controller's etcd-backup, one after the other (as their timers might), without
 * blocking: the recording proxy lives in this process.
 */
async function runEveryController(): Promise<{ saved: string[]; stdout: string }> {
  const runs = [];
  for (const index of harness.controllers.keys())
    runs.push(await harness.runAsync(index, 'etcd-backup'));
  runs.forEach((run, index) => expect(run.status, `controller${index}: ${run.stderr}`).toBe(0));
  return {
    saved: runs.flatMap((run) =>
      [...run.stdout.matchAll(/^saved (\S+)$/gm)].map((match) => match[1]!),
    ),
    stdout: runs.map((run) => run.stdout).join(''),
  };
}

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startAwsProxy(moto.endpoint);
  awsCli = await startAwsCli();
  s3 = new S3Client({ ...motoClientConfig(moto.endpoint, config.region), forcePathStyle: true });
  await s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      CreateBucketConfiguration: { LocationConstraint: config.region as never },
    }),
  );
  await harness.setUp({
    command: awsCli.command,
    endpoint: proxy.endpoint,
    accessKeyId: 'testing',
    secretAccessKey: 'testing',
  });
  harness.bootstrap();
  harness.setStackStatus('CREATE_COMPLETE');
}, 900_000);

afterAll(async () => {
  await harness.tearDown();
  await awsCli?.stop();
  await proxy?.stop();
  await moto?.stop();
}, 60_000);

describe('/opt/bin/etcd-backup of the HA case', () => {
  let first: string;

  it('saves one snapshot, from the leader, SSE-KMS with the cluster key', async () => {
    expect(
      harness.etcdctl(0, harness.endpoints(), 'apiserver-etcd-client', [
        'put',
        '/kube-aws/test',
        'before',
      ]).status,
    ).toBe(0);
    const { saved } = await runEveryController();
    expect(saved).toHaveLength(1);
    first = saved[0]!;
    expect(first).toMatch(
      new RegExp(`^s3://${bucket}/${prefix}/snapshots/\\d{8}T\\d{6}Z-controller[0-2]\\.db$`),
    );
    const key = first.slice(`s3://${bucket}/`.length);
    expect(await keys('snapshots/')).toEqual([key]);
    const puts = proxy.requests.filter(
      (request) => request.method === 'PUT' && request.url.includes('/snapshots/'),
    );
    expect(puts).toHaveLength(1);
    expect(puts[0]!.headers['x-amz-server-side-encryption']).toBe('aws:kms');
    expect(puts[0]!.headers['x-amz-server-side-encryption-aws-kms-key-id']).toBe(config.kmsKeyArn);
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(object.ServerSideEncryption).toBe('aws:kms');
    // etcd's own snapshot file format begins with a bbolt database page.
    expect((await object.Body!.transformToByteArray()).length).toBeGreaterThan(4096);
  }, 300_000);

  it('takes none before the interval has passed, and one when kube-aws etcd snapshot asks', async () => {
    expect((await runEveryController()).saved).toEqual([]);
    // An old snapshot, past the retention, goes once a new one is saved.
    const old = `${prefix}/snapshots/20200101T000000Z-controller0.db`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: old, Body: 'old' }));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/requests/snapshot`, Body: '' }),
    );
    const { saved, stdout } = await runEveryController();
    expect(saved).toHaveLength(1);
    expect(stdout).toContain(`deleted s3://${bucket}/${old}`);
    expect(await keys('snapshots/')).toEqual(
      [first, saved[0]!].map((uri) => uri.slice(`s3://${bucket}/`.length)).sort(),
    );
  }, 300_000);

  it('restores every member from the first snapshot: a key written before it reads back, one after is gone', async () => {
    expect(
      harness.etcdctl(0, harness.endpoints(), 'apiserver-etcd-client', [
        'put',
        '/kube-aws/test',
        'after',
      ]).status,
    ).toBe(0);
    expect(
      harness.etcdctl(0, harness.endpoints(), 'apiserver-etcd-client', [
        'put',
        '/kube-aws/later',
        'x',
      ]).status,
    ).toBe(0);
    const id = '20261124T120000Z-test';
    const expires = Math.floor(Date.now() / 1000) + 3600;
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${prefix}/requests/restore`,
        Body: `id=${id}\nsnapshot=${first.slice(`s3://${bucket}/`.length)}\nexpires=${expires}\n`,
      }),
    );
    harness.takeCalls();
    // The kubelet's part: it stops etcd when its manifest leaves the directory, and starts it again.
    const runs = await harness.kubelet(
      Promise.all(harness.controllers.map((_, index) => harness.runAsync(index, 'etcd-backup'))),
    );
    runs.forEach((run, index) => {
      expect(run.status, `controller${index}: ${run.stdout}${run.stderr}`).toBe(0);
      expect(run.stdout).toContain(
        `restored etcd from s3://${bucket}/${first.slice(`s3://${bucket}/`.length)}`,
      );
    });
    // etcdutl as the Kubernetes docs restore: revisions bumped past any a client has seen.
    const restores = harness
      .takeCalls()
      .filter((call) => call.includes('etcdutl snapshot restore'));
    expect(restores).toHaveLength(3);
    for (const call of restores)
      expect(call).toContain('--bump-revision 1000000000 --mark-compacted');
    for (const index of harness.controllers.keys()) {
      if (!harness.running(index)) harness.start(index);
    }
    await harness.waitFor(
      'the restored cluster to answer',
      () => etcdGet(0, '/kube-aws/test') === 'before',
    );
    expect(etcdGet(1, '/kube-aws/later')).toBe('');
    expect(
      harness
        .memberList()
        .map((member) => member.name)
        .sort(),
    ).toEqual(['controller0', 'controller1', 'controller2']);
    expect(await keys(`restored/${id}/`)).toEqual(
      ['controller0', 'controller1', 'controller2'].map(
        (name) => `${prefix}/restored/${id}/${name}`,
      ),
    );
    // Done once: the next runs leave the restored member alone.
    expect((await runEveryController()).stdout).not.toContain('restoring');
  }, 300_000);

  it('made only S3 requests the controller role allows, snapshots and restore alike', () => {
    const statements = controllerStatements();
    const requests = proxy.requests.map(s3Request);
    expect(requests.length).toBeGreaterThan(5);
    expect(
      requests
        .filter((request) => !allowed(statements, request))
        .map((request) => `${request.action} ${request.resource}`),
    ).toEqual([]);
    // And the policy is no wider: a put without SSE-KMS, or another prefix, is refused.
    expect(
      allowed(statements, {
        action: 's3:PutObject',
        resource: `arn:aws:s3:::${bucket}/${prefix}/snapshots/x.db`,
        context: { 's3:x-amz-server-side-encryption': 'AES256' },
      }),
    ).toBe(false);
    expect(
      allowed(statements, {
        action: 's3:GetObject',
        resource: `arn:aws:s3:::${bucket}/other/x`,
        context: {},
      }),
    ).toBe(false);
    expect(
      allowed(statements, {
        action: 's3:ListBucket',
        resource: `arn:aws:s3:::${bucket}`,
        context: { 's3:prefix': 'other/' },
      }),
    ).toBe(false);
  });
});
