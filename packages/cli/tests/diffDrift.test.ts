import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackResourceDriftsCommand,
  DescribeStacksCommand,
  DetectStackDriftCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { runCli } from './runCli.js';

// moto has no drift detection, so `diff --drift` runs in-process against aws-sdk-client-mock,
// with CloudFormation's answers shaped as its documentation shows them.
const cloudFormation = mockClient(CloudFormationClient);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kube-aws-drift-'));
  expect(runCli(['init', '--sample'], dir).status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => cloudFormation.reset());

async function diffDrift(): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['diff', '--drift'], {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    cwd: dir,
    env: { KUBE_AWS_POLL_INTERVAL_MS: '1' },
  });
  return { code, out, err };
}

function stack(name: string) {
  cloudFormation.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: name,
        StackStatus: 'UPDATE_COMPLETE',
        CreationTime: new Date(),
        Tags: [{ Key: 'kube-aws:cluster', Value: name }],
      },
    ],
  });
  cloudFormation.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: 'd-1' });
}

describe('kube-aws diff --drift', () => {
  it('lists each drifted resource and property, and exits 3', async () => {
    stack('my-cluster-name');
    cloudFormation.on(DescribeStackDriftDetectionStatusCommand).resolves({
      StackId: 'arn:stack',
      StackDriftDetectionId: 'd-1',
      DetectionStatus: 'DETECTION_COMPLETE',
      StackDriftStatus: 'DRIFTED',
      DriftedStackResourceCount: 1,
      Timestamp: new Date(),
    });
    cloudFormation.on(DescribeStackResourceDriftsCommand).resolves({
      StackResourceDrifts: [
        {
          StackId: 'arn:stack',
          LogicalResourceId: 'AutoScaleWorkerDefault',
          ResourceType: 'AWS::AutoScaling::AutoScalingGroup',
          StackResourceDriftStatus: 'MODIFIED',
          Timestamp: new Date(),
          PropertyDifferences: [
            {
              PropertyPath: '/DesiredCapacity',
              ExpectedValue: '1',
              ActualValue: '5',
              DifferenceType: 'NOT_EQUAL',
            },
          ],
        },
      ],
    });
    const run = await diffDrift();
    expect(run.err).toBe('');
    expect(run.code).toBe(3);
    expect(run.out).toContain(
      'Stack my-cluster-name has drifted: 1 resource differs from the template.',
    );
    expect(run.out).toMatch(/~ MODIFIED\s+AutoScaleWorkerDefault/);
    expect(run.out).toContain('/DesiredCapacity: expected 1, actual 5');
    // Read-only: drift detection, never a change set.
    expect(cloudFormation.commandCalls(DetectStackDriftCommand)).toHaveLength(1);
  });

  it('exits 0 when nothing drifted', async () => {
    stack('my-cluster-name');
    cloudFormation.on(DescribeStackDriftDetectionStatusCommand).resolves({
      StackId: 'arn:stack',
      StackDriftDetectionId: 'd-1',
      DetectionStatus: 'DETECTION_COMPLETE',
      StackDriftStatus: 'IN_SYNC',
      Timestamp: new Date(),
    });
    cloudFormation.on(DescribeStackResourceDriftsCommand).resolves({ StackResourceDrifts: [] });
    const run = await diffDrift();
    expect(run.code).toBe(0);
    expect(run.out).toContain('Stack my-cluster-name has not drifted');
  });
});
