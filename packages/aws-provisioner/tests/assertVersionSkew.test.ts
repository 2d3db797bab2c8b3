import { CloudFormationClient, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { assertVersionSkew } from '../src/index.js';
import type { StackState } from '../src/index.js';
import { clients } from './helpers.js';

const cloudFormation = mockClient(CloudFormationClient);
afterEach(() => cloudFormation.reset());

function stack(status: string, kubernetesVersion?: string): StackState {
  return { status, id: 'arn:stack', protected: false, owner: 'demo', kubernetesVersion };
}

const template = (version: string) =>
  JSON.stringify({ Outputs: { KubernetesVersion: { Value: version } } });

describe(assertVersionSkew, () => {
  it('reads the deployed version from the stack output, and asks nothing more', async () => {
    await expect(
      assertVersionSkew(clients(), 'demo', stack('UPDATE_COMPLETE', 'v1.36.1'), 'v1.38.0'),
    ).rejects.toMatchObject({ code: 'VERSION_SKEW' });
    await assertVersionSkew(clients(), 'demo', stack('UPDATE_COMPLETE', 'v1.36.1'), 'v1.37.2');
    expect(cloudFormation.commandCalls(GetTemplateCommand)).toHaveLength(0);
  });

  it("without outputs, reads the deployed template's output", async () => {
    cloudFormation.on(GetTemplateCommand).resolves({ TemplateBody: template('v1.36.1') });
    await expect(
      assertVersionSkew(clients(), 'demo', stack('CREATE_COMPLETE'), 'v1.35.0'),
    ).rejects.toMatchObject({ code: 'VERSION_SKEW' });
    expect(cloudFormation.commandCalls(GetTemplateCommand)[0]!.args[0].input).toEqual({
      StackName: 'demo',
    });
  });

  it('checks nothing without a running stack, or when the stack records no version', async () => {
    cloudFormation.on(GetTemplateCommand).resolves({ TemplateBody: template('v1.36.1') });
    await assertVersionSkew(clients(), 'demo', undefined, 'v1.40.0');
    await assertVersionSkew(clients(), 'demo', stack('REVIEW_IN_PROGRESS'), 'v1.40.0');
    await assertVersionSkew(clients(), 'demo', stack('ROLLBACK_COMPLETE'), 'v1.40.0');
    expect(cloudFormation.commandCalls(GetTemplateCommand)).toHaveLength(0);
    cloudFormation.on(GetTemplateCommand).resolves({ TemplateBody: '{"Resources":{}}' });
    await assertVersionSkew(clients(), 'demo', stack('UPDATE_COMPLETE'), 'v1.40.0');
  });
});
