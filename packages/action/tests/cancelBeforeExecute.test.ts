import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  ListChangeSetsCommand,
  ListStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runAction } from './runAction.js';
import type { Runtime } from './runAction.js';
import { startAwsProxy } from '../../../testing/awsProxy.js';
import { MOTO_ACCOUNT, prepareMotoAccount } from '../../../testing/motoAccount.js';
import { motoClientConfig, startMoto } from '../../../testing/motoServer.js';
import type { MotoServer } from '../../../testing/motoServer.js';

const CLI = join(ROOT, 'packages', 'cli', 'dist', 'bin.js');
const REGION = 'us-west-1';
let moto: MotoServer;
let keyArn: string;
let cloudFormation: CloudFormationClient;

beforeAll(async () => {
  moto = await startMoto();
  ({ keyArn } = await prepareMotoAccount(moto.endpoint, REGION));
  cloudFormation = new CloudFormationClient(motoClientConfig(moto.endpoint, REGION));
}, 180_000);

afterAll(async () => {
  await moto?.stop();
});

// A job cancelled between the plan and ExecuteChangeSet (the runner sends SIGINT) must not leave
// the change set for someone to execute later, nor run it: the signal aborts executeChangePlan,
// which deletes it, and the action exits 130 with no plaintext key on the runner.
describe.each<Runtime>(['node', 'deno'])('a job cancelled before execution on %s', (runtime) => {
  it('deletes the change set, executes nothing, removes the keys and exits 130', async () => {
    const clusterName = `cancelled-${runtime}`;
    const workspace = mkdtempSync(join(tmpdir(), `kube-aws-cancel-${runtime}-`));
    const proxy = await startAwsProxy(moto.endpoint);
    try {
      execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: workspace });
      const init = spawnSync(
        process.execPath,
        [
          CLI,
          'init',
          `--cluster-name=${clusterName}`,
          '--external-dns-name=kube.example.com',
          `--region=${REGION}`,
          `--availability-zone=${REGION}b`,
          '--key-name=key-pair-name',
          `--kms-key-arn=${keyArn}`,
        ],
        { cwd: workspace, encoding: 'utf8' },
      );
      expect(init.status, init.stderr).toBe(0);
      // executeChangePlan reads the stack's events right before ExecuteChangeSet: holding that
      // read pins the action between the plan and the execution, where the signal must land.
      proxy.hold('DescribeStackEvents');
      let signalled = false;
      const run = await runAction(
        runtime,
        workspace,
        {
          name: 'push',
          ref: 'refs/heads/main',
          sha: '0'.repeat(40),
          payload: { repository: { default_branch: 'main' } },
        },
        { 'working-directory': '.', mode: 'deploy', 'commit-assets': 'false', 'github-token': '' },
        {
          AWS_ENDPOINT_URL: proxy.endpoint,
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
          AWS_REGION: REGION,
          KUBE_AWS_POLL_INTERVAL_MS: '200',
          KUBE_AWS_FLATCAR_OWNER: MOTO_ACCOUNT,
          GITHUB_API_URL: 'http://127.0.0.1:9',
        },
        (_, child) => {
          if (signalled) return;
          signalled = true;
          void proxy.held('DescribeStackEvents').then(() => child.kill('SIGINT'));
        },
      );
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(130);
      expect(run.stdout).toContain('Stopped by SIGINT: a change set not yet executed is deleted');
      expect(run.stdout).toMatch(
        new RegExp(
          `interrupted before the change set kube-aws-\\d{14} was executed: nothing ran, no stack ${clusterName} was created, and the change set is deleted`,
        ),
      );
      expect(proxy.forwarded).toContain('CreateChangeSet');
      expect(proxy.forwarded).not.toContain('ExecuteChangeSet');
      expect(proxy.forwarded).toContain('DeleteChangeSet');
      const { Summaries } = await cloudFormation
        .send(new ListChangeSetsCommand({ StackName: clusterName }))
        .catch(() => ({ Summaries: [] }));
      expect((Summaries ?? []).filter((summary) => summary.StackName === clusterName)).toEqual([]);
      const { StackSummaries } = await cloudFormation.send(new ListStacksCommand({}));
      expect(
        (StackSummaries ?? [])
          .filter((stack) => stack.StackName === clusterName)
          .map((stack) => stack.StackStatus),
      ).toEqual(['DELETE_COMPLETE']);
      expect(
        readdirSync(join(workspace, 'credentials')).filter((name) =>
          /-key\.pem$|^bootstrap-token$|^encryption-key$|\.tmp$/.test(name),
        ),
      ).toEqual([]);
    } finally {
      await proxy.stop();
      rmSync(workspace, { recursive: true, force: true });
    }
  }, 120_000);
});
