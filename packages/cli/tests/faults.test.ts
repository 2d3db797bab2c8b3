import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListChangeSetsCommand,
  ListStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/index.js';
import { BIN } from './runCli.js';
import { startAwsProxy } from '../../../testing/awsProxy.js';
import { motoClientConfig, startMoto } from '../../../testing/motoServer.js';
import type { MotoServer } from '../../../testing/motoServer.js';
import { MOTO_ACCOUNT, prepareMotoAccount } from '../../../testing/motoAccount.js';

const REGION = 'us-west-1';
let moto: MotoServer;
let keyArn: string;
let cloudFormation: CloudFormationClient;
const directories: string[] = [];

beforeAll(async () => {
  moto = await startMoto();
  ({ keyArn } = await prepareMotoAccount(moto.endpoint, REGION));
  cloudFormation = new CloudFormationClient(motoClientConfig(moto.endpoint, REGION));
}, 180_000);

afterAll(async () => {
  await moto.stop();
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

function environment(endpoint: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: REGION,
    KUBE_AWS_POLL_INTERVAL_MS: '200',
    KUBE_AWS_FLATCAR_OWNER: MOTO_ACCOUNT,
  };
}

function kubeAws(args: string[], cwd: string, env = environment(moto.endpoint)) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env });
}

/** Runs kube-aws without blocking this process, which serves the proxy the CLI talks to. */
function kubeAwsAsync(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.on('close', (status) => resolve({ status, stdout, stderr })),
  );
}

/** An asset directory for the cluster, initialized and rendered. */
function assetDirectory(clusterName: string): string {
  const directory = mkdtempSync(join(tmpdir(), `kube-aws-${clusterName}-`));
  directories.push(directory);
  const init = kubeAws(
    [
      'init',
      `--cluster-name=${clusterName}`,
      '--external-dns-name=kube.example.com',
      `--region=${REGION}`,
      '--availability-zone=us-west-1b',
      '--key-name=key-pair-name',
      `--kms-key-arn=${keyArn}`,
    ],
    directory,
  );
  expect(init.status, init.stderr).toBe(0);
  const render = kubeAws(['render'], directory);
  expect(render.status, render.stderr).toBe(0);
  return directory;
}

/** A stack made without kube-aws, as someone else's would be. */
async function createStack(name: string, tags: Record<string, string>): Promise<void> {
  await cloudFormation.send(
    new CreateStackCommand({
      StackName: name,
      TemplateBody: JSON.stringify({
        Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.9.0.0/16' } } },
      }),
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
}

async function changeSetsOf(name: string): Promise<string[]> {
  const { Summaries } = await cloudFormation.send(new ListChangeSetsCommand({ StackName: name }));
  return (Summaries ?? [])
    .filter((summary) => summary.StackName === name)
    .map((summary) => summary.ChangeSetName ?? '');
}

describe('Ctrl-C after the plan of kube-aws up --yes', () => {
  it('executes nothing, deletes the change set and its empty stack, and exits 130', async () => {
    const directory = assetDirectory('interrupted');
    const proxy = await startAwsProxy(moto.endpoint);
    try {
      // After the plan kube-aws reads the stack's events, then executes. Holding that read pins
      // the process between the two, where the signal must land: no timer decides it.
      proxy.hold('DescribeStackEvents');
      const child = spawn(process.execPath, [BIN, 'up', '--yes'], {
        cwd: directory,
        env: environment(proxy.endpoint),
      });
      let stdout = '';
      let stderr = '';
      const planned = new Promise<void>((resolve) =>
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (/^Create interrupted: \d+ to add/m.test(stdout)) resolve();
        }),
      );
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      await Promise.all([planned, proxy.held('DescribeStackEvents')]);
      child.kill('SIGINT');
      expect(await exited, stderr).toBe(130);
      expect(stderr).toMatch(
        /^kube-aws up: interrupted before the change set kube-aws-\d{14} was executed: nothing ran, no stack interrupted was created, and the change set is deleted\n$/,
      );
      expect(proxy.forwarded).toContain('CreateChangeSet');
      expect(proxy.forwarded).not.toContain('ExecuteChangeSet');
      expect(proxy.forwarded.slice(-3)).toEqual([
        'DeleteChangeSet',
        'DescribeStacks',
        'DeleteStack',
      ]);
      expect(await changeSetsOf('interrupted')).toEqual([]);
      const { StackSummaries } = await cloudFormation.send(new ListStacksCommand({}));
      expect(
        (StackSummaries ?? [])
          .filter((stack) => stack.StackName === 'interrupted')
          .map((stack) => stack.StackStatus),
      ).toEqual(['DELETE_COMPLETE']);
    } finally {
      await proxy.stop();
    }
  });
});

describe('Ctrl-C at the confirmation prompt of kube-aws up', () => {
  it('deletes the change set, executes nothing and exits 130', async () => {
    const directory = assetDirectory('asked');
    // In this process the SDK's credential chain reads process.env, not io.env.
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
    try {
      const controller = new AbortController();
      const stdout: string[] = [];
      const stderr: string[] = [];
      const status = await main(['up'], {
        stdout: (text) => stdout.push(text),
        stderr: (text) => stderr.push(text),
        cwd: directory,
        env: environment(moto.endpoint),
        signal: controller.signal,
        // What cli.ts's prompt does on Ctrl-C: the signal aborts and the question is abandoned.
        confirm: async () => {
          controller.abort(new Error('interrupted'));
          throw Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
        },
      });
      expect(stdout.join('')).toMatch(/^Create asked: \d+ to add/m);
      expect(stderr.join('')).toMatch(
        /^kube-aws up: interrupted before the change set kube-aws-\d{14} was executed: nothing ran, and the change set is deleted\n$/,
      );
      expect(status).toBe(130);
      expect(await changeSetsOf('asked')).toEqual([]);
      const { StackSummaries } = await cloudFormation.send(new ListStacksCommand({}));
      expect(
        (StackSummaries ?? [])
          .filter((stack) => stack.StackName === 'asked')
          .map((stack) => stack.StackStatus),
      ).toEqual(['DELETE_COMPLETE']);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('a stack of the same name that kube-aws did not make for the cluster', () => {
  it.each([
    [
      'without the kube-aws:cluster tag',
      'foreign-stack',
      { team: 'web' },
      'it has no kube-aws:cluster tag',
    ],
    [
      'of another cluster',
      'other-cluster',
      { 'kube-aws:cluster': 'someone-else' },
      'its kube-aws:cluster tag is "someone-else"',
    ],
  ])(
    'is refused by update, diff, up and destroy, %s, and nothing changes',
    async (_, name, tags, why) => {
      await createStack(name, tags);
      const directory = assetDirectory(name);
      const before = await cloudFormation.send(new GetTemplateCommand({ StackName: name }));
      const proxy = await startAwsProxy(moto.endpoint);
      try {
        for (const args of [
          ['update', '--yes'],
          ['diff'],
          ['up', '--yes'],
          ['destroy', '--yes', '--force'],
        ]) {
          const run = await kubeAwsAsync(args, directory, environment(proxy.endpoint));
          expect(run.status, args.join(' ')).toBe(1);
          expect(run.stderr).toBe(
            `kube-aws ${args[0]}: stack ${name} (CREATE_COMPLETE) was not made by kube-aws for cluster ${name}: ${why}. kube-aws changes nothing in a stack it did not make. Choose another clusterName in cluster.yaml, or delete that stack yourself if nothing needs it\n`,
          );
        }
        // Each command asked what the stack is, and nothing else.
        expect(new Set(proxy.forwarded)).toEqual(new Set(['DescribeStacks']));
        const { Stacks } = await cloudFormation.send(
          new DescribeStacksCommand({ StackName: name }),
        );
        expect(Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');
        expect(
          Object.fromEntries((Stacks?.[0]?.Tags ?? []).map((tag) => [tag.Key, tag.Value])),
        ).toEqual(tags);
        const after = await cloudFormation.send(new GetTemplateCommand({ StackName: name }));
        expect(after.TemplateBody).toEqual(before.TemplateBody);
        expect(await changeSetsOf(name)).toEqual([]);
      } finally {
        await proxy.stop();
        await cloudFormation.send(new DeleteStackCommand({ StackName: name }));
      }
    },
  );
});

describe('a second up or update while the stack is busy', () => {
  it.each([
    ['update', 'UPDATE_IN_PROGRESS'],
    ['up', 'CREATE_IN_PROGRESS'],
  ])('%s says the stack is %s and changes nothing', async (command, status) => {
    const name = `busy-${command}`;
    await createStack(name, { 'kube-aws:cluster': name });
    const directory = assetDirectory(name);
    // moto finishes every operation at once; the proxy shows the stack as AWS does while the first
    // operation still runs.
    const proxy = await startAwsProxy(moto.endpoint, {
      rewrite: (operation, body) =>
        operation === 'DescribeStacks'
          ? body.replace(
              /<StackStatus>CREATE_COMPLETE<\/StackStatus>/,
              `<StackStatus>${status}</StackStatus>`,
            )
          : body,
    });
    try {
      const run = await kubeAwsAsync([command, '--yes'], directory, environment(proxy.endpoint));
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(
        `kube-aws ${command}: stack ${name} is busy (${status}): another operation is changing it, and kube-aws changed nothing. Follow it with kube-aws status, then try again\n`,
      );
      expect(proxy.forwarded).toEqual(['DescribeStacks']);
      expect(await changeSetsOf(name)).toEqual([]);
    } finally {
      await proxy.stop();
      await cloudFormation.send(new DeleteStackCommand({ StackName: name }));
    }
  });
});

describe('no AWS credentials', () => {
  it('exits 1 with "no AWS credentials found" and the ways to provide them', () => {
    const directory = assetDirectory('no-credentials');
    const home = mkdtempSync(join(tmpdir(), 'kube-aws-empty-home-'));
    directories.push(home);
    // Nothing of the SDK's chain: no AWS_* variables, an empty home (no ~/.aws), no instance role.
    const env: NodeJS.ProcessEnv = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')),
    );
    Object.assign(env, {
      HOME: home,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_REGION: REGION,
      // Should anything find credentials after all, it reaches moto, never AWS.
      AWS_ENDPOINT_URL: moto.endpoint,
    });
    for (const args of [['up', '--yes'], ['update', '--yes'], ['status'], ['destroy', '--yes']]) {
      const run = kubeAws(args, directory, env);
      expect(run.status, `${args.join(' ')}: ${run.stderr}`).toBe(1);
      const lines = run.stderr.split('\n');
      expect(lines[0]).toMatch(new RegExp(`^kube-aws ${args[0]}: no AWS credentials found \\(`));
      for (const way of [
        'AWS_ACCESS_KEY_ID',
        'AWS_PROFILE',
        'SSO',
        'instance role',
        'AWS_WEB_IDENTITY_TOKEN_FILE',
      ])
        expect(run.stderr).toContain(way);
      expect(run.stderr).not.toMatch(/AWS refused|CredentialsProviderError|internal error/);
    }
  });
});
