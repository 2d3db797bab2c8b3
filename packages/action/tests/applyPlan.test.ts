import {
  CloudFormationClient,
  DeleteChangeSetCommand,
  ExecuteChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import type { ChangePlan } from '@kube-aws/aws-provisioner';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ActionError } from '../src/index.js';
import { applyPlan } from '../src/internal/applyPlan.js';
import type { ApplyPlanOptions } from '../src/internal/applyPlan.js';

const cloudFormation = mockClient(CloudFormationClient);
const options = { region: 'us-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
const clients = {
  cloudFormation: new CloudFormationClient(options),
  ec2: new EC2Client(options),
  kms: new KMSClient(options),
  s3: new S3Client(options),
};
const io = { stdout: () => undefined, stderr: () => undefined, cwd: '/', env: {} };

const replacing: ChangePlan = {
  stackName: 'demo',
  changeSetName: 'kube-aws-1',
  type: 'UPDATE',
  changes: [
    {
      action: 'Modify',
      logicalId: 'InstanceController0',
      type: 'AWS::EC2::Instance',
      replacement: 'True',
    },
  ],
};

function setup(overrides: Partial<ApplyPlanOptions>) {
  const commit = vi.fn(async () => undefined);
  return {
    commit,
    options: {
      mode: 'deploy' as const,
      yesReplace: false,
      plan: replacing,
      clients,
      commit,
      io,
      onEvent: () => undefined,
      ...overrides,
    },
  };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

beforeEach(() => {
  cloudFormation.reset();
  cloudFormation.on(DeleteChangeSetCommand).resolves({});
});

describe('applyPlan', () => {
  it('refuses a replacement without yes-replace: deletes the change set, commits and executes nothing', async () => {
    const { commit, options } = setup({});
    const error = await failure(applyPlan(options));
    expect(ActionError.is(error) && error.code).toBe('REPLACEMENT_REFUSED');
    expect(cloudFormation.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(cloudFormation.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(commit).not.toHaveBeenCalled();
  });

  it('in plan mode deletes the change set and commits nothing', async () => {
    const { commit, options } = setup({ mode: 'plan', yesReplace: true });
    await applyPlan(options);
    expect(cloudFormation.commandCalls(DeleteChangeSetCommand)[0]!.args[0].input).toEqual({
      StackName: 'demo',
      ChangeSetName: 'kube-aws-1',
    });
    expect(cloudFormation.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(commit).not.toHaveBeenCalled();
  });

  it('deletes the change set and executes nothing when the commit or push fails', async () => {
    const pushRefused = new ActionError('GIT_FAILED', 'git push failed: rejected');
    const { options } = setup({ yesReplace: true, commit: () => Promise.reject(pushRefused) });
    expect(await failure(applyPlan(options))).toBe(pushRefused);
    expect(cloudFormation.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(cloudFormation.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
  });

  it('with no changes still commits the assets in deploy mode, and calls AWS for nothing', async () => {
    const { commit, options } = setup({ plan: { ...replacing, changes: [] } });
    await applyPlan(options);
    expect(commit).toHaveBeenCalledOnce();
    expect(cloudFormation.calls()).toHaveLength(0);
  });
});
