import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startCloudFormationStandIn } from './cloudFormationStandIn.js';
import type { CloudFormationStandIn } from './cloudFormationStandIn.js';
import { ROOT, runAction } from './runAction.js';
import type { Runtime } from './runAction.js';

const CLI = join(ROOT, 'packages', 'cli', 'dist', 'bin.js');
const DEFAULT_INPUTS = Object.fromEntries(
  Object.entries(
    (
      parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
        inputs: Record<string, { default: string }>;
      }
    ).inputs,
  ).map(([name, input]) => [name, input.default === '${{ github.token }}' ? 't' : input.default]),
);

// moto does not implement drift detection, so mode drift runs against a CloudFormation stand-in,
// as the runner runs it: the bundle and the Deno step, in processes of their own.
describe.each<Runtime>(['node', 'deno'])('mode drift on %s', (runtime) => {
  const clusterName = `drift-${runtime}`;
  let workspace: string;
  let standIn: CloudFormationStandIn | undefined;

  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), `kube-aws-drift-${runtime}-`));
    const init = spawnSync(
      process.execPath,
      [
        CLI,
        'init',
        `--cluster-name=${clusterName}`,
        '--external-dns-name=kube.example.com',
        '--region=us-west-1',
        '--availability-zone=us-west-1b',
        '--key-name=k',
        '--kms-key-arn=arn:aws:kms:us-west-1:123456789012:key/00000000-0000-4000-8000-000000000000',
      ],
      { cwd: workspace, encoding: 'utf8' },
    );
    expect(init.status, init.stderr).toBe(0);
  });
  afterEach(async () => standIn?.stop());
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  async function drift(inSync: boolean) {
    standIn = await startCloudFormationStandIn(clusterName, inSync);
    const log = join(workspace, `calls-${inSync}.log`);
    const run = await runAction(
      runtime,
      workspace,
      { name: 'schedule', ref: 'refs/heads/main', sha: '0'.repeat(40), payload: {} },
      { ...DEFAULT_INPUTS, mode: 'drift' },
      {
        AWS_ENDPOINT_URL: standIn.url,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_REGION: 'us-west-1',
        KUBE_AWS_POLL_INTERVAL_MS: '50',
        KUBE_AWS_API_CALL_LOG: log,
      },
    );
    return { run, calls: readFileSync(log, 'utf8').trim().split('\n') };
  }

  it('reports the drifted resources in the outputs and the summary, and fails the step', async () => {
    const { run, calls } = await drift(false);
    expect(run.stderr).toBe('');
    expect(run.status, run.stdout).toBe(1);
    expect(run.stdout).toMatch(/^kube-aws drift \(schedule refs\/heads\/main\) in /m);
    expect(run.stdout).toContain(
      `::error::kube-aws: stack ${clusterName} has drifted: AutoScaleWorkerDefault (MODIFIED) changed outside CloudFormation. The job summary shows each property`,
    );
    expect(run.stdout).toContain('      /DesiredCapacity: expected 1, actual 3');
    expect(run.outputs.drifted).toBe('true');
    expect(JSON.parse(run.outputs['drifted-resources']!)).toEqual([
      {
        logicalId: 'AutoScaleWorkerDefault',
        physicalId: `${clusterName}-AutoScaleWorkerDefault-1A2B`,
        type: 'AWS::AutoScaling::AutoScalingGroup',
        status: 'MODIFIED',
        properties: ['/DesiredCapacity'],
      },
    ]);
    expect(run.outputs['stack-status']).toBe('UPDATE_COMPLETE');
    expect(JSON.parse(run.outputs['stack-outputs']!)).toEqual({
      ControllerIP: '203.0.113.10',
      APIEndpoint: 'https://kube.example.com',
    });
    expect(run.summary).toContain(
      `<h2>kube-aws drift: ${clusterName}</h2>\n\n**\`${clusterName}\` has drifted`,
    );
    expect(run.summary).toContain(
      '| <code>/DesiredCapacity</code> | not equal | <code>1</code> | <code>3</code> |',
    );
    // CloudFormation alone: no EC2, KMS or S3 call, no render, no git.
    expect(standIn!.actions).toEqual([
      'DescribeStacks',
      'DetectStackDrift',
      'DescribeStackDriftDetectionStatus',
      'DescribeStackDriftDetectionStatus',
      'DescribeStackResourceDrifts',
      'DescribeStacks',
    ]);
    expect(new Set(calls.map((call) => call.split(' ')[0]))).toEqual(
      new Set(['CloudFormationClient']),
    );
    expect(existsSync(join(workspace, 'credentials', 'ca.pem'))).toBe(false);
  });

  it('passes, saying so, when nothing drifted', async () => {
    const { run } = await drift(true);
    expect(run.status, run.stdout).toBe(0);
    expect(run.outputs.drifted).toBe('false');
    expect(run.outputs['drifted-resources']).toBe('[]');
    expect(run.stdout).toContain(
      `Stack ${clusterName} has not drifted: every resource CloudFormation can check matches the template.`,
    );
  });
});
