import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  UpdateTerminationProtectionCommand,
  ValidateTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import {
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVolumesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getEventListeners } from 'node:events';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  destroyStack,
  executeChangePlan,
  formatChangePlan,
  hasReplacements,
  planDeployment,
  ProvisionError,
  rootCause,
  sealAssets,
  validateTemplateRemotely,
  watchStackEvents,
} from '../src/index.js';
import type { StackEventLine } from '../src/index.js';
import { builtStack, clients, config, configWith, event } from './helpers.js';

const cloudFormation = mockClient(CloudFormationClient);
const ec2 = mockClient(EC2Client);
const kms = mockClient(KMSClient);
const s3 = mockClient(S3Client);
afterEach(() => {
  cloudFormation.reset();
  ec2.reset();
  kms.reset();
  s3.reset();
});

const since = new Date(Date.UTC(2026, 10, 24, 12, 0, 0));
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });

function stackStatus(...statuses: string[]) {
  let chain = cloudFormation.on(DescribeStacksCommand);
  for (const status of statuses)
    chain = chain.resolvesOnce({
      Stacks: [
        {
          StackName: 'demo',
          StackStatus: status as never,
          CreationTime: since,
          StackId: 'arn:stack',
          Tags: [{ Key: 'kube-aws:cluster', Value: 'demo' }],
        },
      ],
    });
  return chain;
}

// moto emits only stack-level events, plans change sets imprecisely and updates or deletes
// unreliably; these cases run against aws-sdk-client-mock in addition to the moto tests.
describe(watchStackEvents, () => {
  it('shows each event once, in time order, though AWS repeats them newest first', async () => {
    const first = [
      event('2', 2, 'VPC', 'CREATE_COMPLETE'),
      event('1', 1, 'VPC', 'CREATE_IN_PROGRESS'),
    ];
    const second = [event('3', 3, 'demo', 'CREATE_COMPLETE'), ...first];
    cloudFormation
      .on(DescribeStackEventsCommand)
      .resolvesOnce({ StackEvents: first })
      .resolves({ StackEvents: second });
    stackStatus('CREATE_IN_PROGRESS', 'CREATE_COMPLETE');
    const seen: StackEventLine[] = [];
    const { status } = await watchStackEvents(clients(), 'demo', {
      existing: new Set(),
      onEvent: (line) => seen.push(line),
      pollMs: 1,
    });
    expect(status).toBe('CREATE_COMPLETE');
    expect(seen.map((line) => `${line.resource} ${line.status}`)).toEqual([
      'VPC CREATE_IN_PROGRESS',
      'VPC CREATE_COMPLETE',
      'demo CREATE_COMPLETE',
    ]);
  });

  it('backs off while AWS throttles, then carries on', async () => {
    cloudFormation
      .on(DescribeStackEventsCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .resolves({ StackEvents: [event('1', 1, 'demo', 'CREATE_COMPLETE')] });
    stackStatus('CREATE_COMPLETE');
    const { status } = await watchStackEvents(clients(), 'demo', {
      existing: new Set(),
      onEvent: () => undefined,
      pollMs: 1,
    });
    expect(status).toBe('CREATE_COMPLETE');
    expect(cloudFormation.commandCalls(DescribeStackEventsCommand)).toHaveLength(3);
  });

  it('stops waiting on abort and says the stack goes on', async () => {
    const controller = new AbortController();
    let polls = 0;
    cloudFormation.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    // The third poll is where Ctrl-C lands: no timer decides when.
    cloudFormation.on(DescribeStacksCommand).callsFake(async () => {
      if (++polls === 3) controller.abort(new Error('interrupted'));
      return {
        Stacks: [{ StackName: 'demo', StackStatus: 'CREATE_IN_PROGRESS', CreationTime: since }],
      };
    });
    await expect(
      watchStackEvents(clients(), 'demo', {
        existing: new Set(),
        onEvent: () => undefined,
        pollMs: 1,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({
      code: 'WAIT_INTERRUPTED',
      message: expect.stringContaining('CloudFormation carries on. Run kube-aws status'),
    });
    expect(polls).toBe(3);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('leaves no abort listener behind after many polls and throttled calls', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      let events = cloudFormation.on(DescribeStackEventsCommand);
      for (let poll = 0; poll < 40; poll++)
        events = poll % 2 === 0 ? events.rejectsOnce(throttled()) : events.resolvesOnce({});
      events.resolves({ StackEvents: [event('1', 1, 'demo', 'CREATE_COMPLETE')] });
      stackStatus(...Array<string>(20).fill('CREATE_IN_PROGRESS'), 'CREATE_COMPLETE');
      const { status } = await watchStackEvents(clients(), 'demo', {
        existing: new Set(),
        onEvent: () => undefined,
        pollMs: 1,
        signal: controller.signal,
      });
      expect(status).toBe('CREATE_COMPLETE');
      expect(cloudFormation.commandCalls(DescribeStackEventsCommand)).toHaveLength(41);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      // Node reports MaxListenersExceededWarning on the next tick; let it.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('wraps a refusal with the operation and the stack, keeping the SDK error as cause', async () => {
    const denied = Object.assign(new Error('not authorized to perform DescribeStackEvents'), {
      name: 'AccessDenied',
    });
    cloudFormation.on(DescribeStackEventsCommand).rejects(denied);
    const error = (await watchStackEvents(clients(), 'demo', {
      existing: new Set(),
      onEvent: () => undefined,
      pollMs: 1,
    }).catch((caught: unknown) => caught)) as ProvisionError;
    expect(error).toMatchObject({
      code: 'AWS_ERROR',
      message:
        'AWS refused DescribeStackEvents for stack demo: AccessDenied: not authorized to perform DescribeStackEvents',
    });
    expect(error.cause).toBe(denied);
  });
});

describe(rootCause, () => {
  it('reduces a CREATE_FAILED cascade to the first failure with its own reason', () => {
    const events = [
      event(
        '1',
        1,
        'InstanceController0',
        'CREATE_FAILED',
        'The image id [ami-123] does not exist',
      ),
      event('2', 2, 'AutoScaleWorkerDefault', 'CREATE_FAILED', 'Resource creation cancelled'),
      event('3', 3, 'EIPController0', 'CREATE_FAILED', 'Resource creation cancelled'),
      event(
        '4',
        4,
        'demo',
        'ROLLBACK_IN_PROGRESS',
        'The following resource(s) failed to create: [InstanceController0, AutoScaleWorkerDefault]',
      ),
    ].map(
      (item: {
        EventId: string;
        Timestamp: Date;
        LogicalResourceId: string;
        ResourceType: string;
        ResourceStatus: string;
        ResourceStatusReason?: string;
      }) => ({
        id: item.EventId,
        time: item.Timestamp,
        resource: item.LogicalResourceId,
        type: item.ResourceType,
        status: item.ResourceStatus,
        reason: item.ResourceStatusReason,
      }),
    );
    expect(rootCause(events)).toMatchObject({
      resource: 'InstanceController0',
      reason: 'The image id [ami-123] does not exist',
    });
  });
});

describe(executeChangePlan, () => {
  const plan = {
    stackName: 'demo',
    changeSetName: 'kube-aws-1',
    type: 'CREATE' as const,
    changes: [],
  };

  it('deletes the change set and executes nothing when interrupted before ExecuteChangeSet', async () => {
    const controller = new AbortController();
    // Ctrl-C lands while kube-aws reads the events it will not show; the SDK then rejects the call.
    cloudFormation.on(DescribeStackEventsCommand).callsFake(async () => {
      controller.abort(new Error('interrupted'));
      throw Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    });
    cloudFormation.on(DeleteChangeSetCommand).resolves({});
    stackStatus('REVIEW_IN_PROGRESS');
    cloudFormation.on(DeleteStackCommand).resolves({});
    const error = (await executeChangePlan(clients(), plan, {
      onEvent: () => undefined,
      pollMs: 1,
      signal: controller.signal,
    }).catch((caught: unknown) => caught)) as ProvisionError;
    expect(error).toMatchObject({
      code: 'INTERRUPTED',
      message:
        'interrupted before the change set kube-aws-1 was executed: nothing ran, no stack demo was created, and the change set is deleted',
    });
    expect(cloudFormation.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(cloudFormation.commandCalls(DeleteChangeSetCommand)[0]!.args[0].input).toEqual({
      StackName: 'demo',
      ChangeSetName: 'kube-aws-1',
    });
    // The empty stack a CREATE change set makes goes too.
    expect(cloudFormation.commandCalls(DeleteStackCommand)).toHaveLength(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('keeps an update stack and only deletes the change set, for a signal already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('interrupted'));
    cloudFormation.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    cloudFormation.on(DeleteChangeSetCommand).resolves({});
    await expect(
      executeChangePlan(
        clients(),
        { ...plan, type: 'UPDATE' },
        { onEvent: () => undefined, signal: controller.signal },
      ),
    ).rejects.toMatchObject({
      code: 'INTERRUPTED',
      message: expect.stringContaining('stack demo is as it was, and the change set is deleted'),
    });
    expect(cloudFormation.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(cloudFormation.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(cloudFormation.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  it('deletes the change set when another operation made the stack busy since the plan', async () => {
    cloudFormation.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    cloudFormation
      .on(ExecuteChangeSetCommand)
      .rejects(
        Object.assign(
          new Error(
            'Stack:arn:aws:cloudformation:us-west-1:123456789012:stack/demo/1 is in UPDATE_IN_PROGRESS state and can not be updated.',
          ),
          { name: 'ValidationError' },
        ),
      );
    cloudFormation.on(DeleteChangeSetCommand).resolves({});
    await expect(
      executeChangePlan(clients(), { ...plan, type: 'UPDATE' }, { onEvent: () => undefined }),
    ).rejects.toMatchObject({
      code: 'STACK_BUSY',
      message:
        'stack demo is busy (UPDATE_IN_PROGRESS): another operation is changing it, and kube-aws changed nothing. Follow it with kube-aws status, then try again',
    });
    expect(cloudFormation.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
  });

  it('fails with the root cause, not the cascade, and advises --recreate after a rollback', async () => {
    cloudFormation.on(ExecuteChangeSetCommand).resolves({});
    cloudFormation
      .on(DescribeStackEventsCommand)
      .resolvesOnce({ StackEvents: [] })
      .resolves({
        StackEvents: [
          event('5', 5, 'demo', 'ROLLBACK_COMPLETE'),
          event('3', 3, 'AutoScaleWorkerDefault', 'CREATE_FAILED', 'Resource creation cancelled'),
          event(
            '2',
            2,
            'InstanceController0',
            'CREATE_FAILED',
            'Your quota allows for 0 more running instance(s)',
          ),
        ],
      });
    stackStatus('ROLLBACK_COMPLETE');
    const error = await executeChangePlan(clients(), plan, {
      onEvent: () => undefined,
      pollMs: 1,
    }).catch((caught: unknown) => caught);
    expect(ProvisionError.is(error)).toBe(true);
    expect((error as ProvisionError).message).toBe(
      'demo ended in ROLLBACK_COMPLETE. Root cause: CREATE_FAILED: InstanceController0 (AWS::EC2::Instance): Your quota allows for 0 more running instance(s). The stack rolled back; fix the cause, then run kube-aws up --recreate.',
    );
    expect((error as ProvisionError).message).not.toContain('cancelled');
  });

  it('turns termination protection on for a new stack, and only warns when that fails', async () => {
    cloudFormation.on(ExecuteChangeSetCommand).resolves({});
    cloudFormation
      .on(DescribeStackEventsCommand)
      .resolves({ StackEvents: [event('1', 1, 'demo', 'CREATE_COMPLETE')] });
    stackStatus('CREATE_COMPLETE', 'CREATE_COMPLETE');
    cloudFormation
      .on(UpdateTerminationProtectionCommand)
      .resolvesOnce({})
      .rejectsOnce(new Error('not supported'));
    expect(
      await executeChangePlan(clients(), plan, { onEvent: () => undefined, pollMs: 1 }),
    ).toEqual({ status: 'CREATE_COMPLETE', warnings: [] });
    expect(
      cloudFormation.commandCalls(UpdateTerminationProtectionCommand)[0]!.args[0].input,
    ).toEqual({ StackName: 'demo', EnableTerminationProtection: true });
    const second = await executeChangePlan(clients(), plan, {
      onEvent: () => undefined,
      pollMs: 1,
    });
    expect(second.warnings).toEqual([
      expect.stringContaining('termination protection could not be turned on'),
    ]);
  });
});

describe(planDeployment, () => {
  it.each([
    [
      'without the kube-aws:cluster tag',
      [{ Key: 'team', Value: 'web' }],
      'it has no kube-aws:cluster tag',
    ],
    [
      'of another cluster',
      [{ Key: 'kube-aws:cluster', Value: 'other' }],
      'its kube-aws:cluster tag is "other"',
    ],
  ])('refuses a stack of the same name %s, and creates no change set', async (_, Tags, why) => {
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'demo',
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: since,
          StackId: 'arn:stack',
          Tags,
        },
      ],
    });
    await expect(planDeployment(clients(), config, builtStack(1000))).rejects.toMatchObject({
      code: 'STACK_NOT_OWNED',
      message: `stack demo (UPDATE_COMPLETE) was not made by kube-aws for cluster demo: ${why}. kube-aws changes nothing in a stack it did not make. Choose another clusterName in cluster.yaml, or delete that stack yourself if nothing needs it`,
    });
    expect(cloudFormation.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it('sends nothing when interrupted before the plan, and deletes the change set when interrupted while it is planned', async () => {
    const before = new AbortController();
    before.abort(new Error('interrupted'));
    await expect(
      planDeployment(clients(), config, builtStack(1000), { signal: before.signal }),
    ).rejects.toMatchObject({
      code: 'INTERRUPTED',
      message: 'interrupted before kube-aws changed anything: stack demo is as it was',
    });
    expect(cloudFormation.calls()).toHaveLength(0);

    const during = new AbortController();
    stackStatus('UPDATE_COMPLETE');
    cloudFormation.on(CreateChangeSetCommand).resolves({});
    cloudFormation.on(DescribeChangeSetCommand).callsFake(async () => {
      during.abort(new Error('interrupted'));
      return { Status: 'CREATE_IN_PROGRESS' };
    });
    cloudFormation.on(DeleteChangeSetCommand).resolves({});
    await expect(
      planDeployment(clients(), config, builtStack(1000), {
        signal: during.signal,
        now: since,
      }),
    ).rejects.toMatchObject({
      code: 'INTERRUPTED',
      message:
        'interrupted before the change set kube-aws-20261124120000 was executed: nothing ran, stack demo is as it was, and the change set is deleted',
    });
    expect(cloudFormation.commandCalls(DescribeChangeSetCommand)).toHaveLength(1);
    expect(cloudFormation.commandCalls(DeleteChangeSetCommand)[0]!.args[0].input).toEqual({
      StackName: 'demo',
      ChangeSetName: 'kube-aws-20261124120000',
    });
    expect(cloudFormation.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(getEventListeners(during.signal, 'abort')).toHaveLength(0);
  });

  it('says there are no AWS credentials, and how to provide them', async () => {
    const missing = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    cloudFormation.on(DescribeStacksCommand).rejects(missing);
    const error = (await planDeployment(clients(), config, builtStack(1000)).catch(
      (caught: unknown) => caught,
    )) as ProvisionError;
    expect(error.code).toBe('NO_CREDENTIALS');
    expect(error.cause).toBe(missing);
    expect(error.message.split('\n')).toEqual([
      'no AWS credentials found (the SDK says: Could not load credentials from any providers). Provide them one of these ways:',
      '  - environment variables: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones)',
      '  - a profile in ~/.aws/credentials or ~/.aws/config, chosen with AWS_PROFILE=<name>',
      '  - SSO: aws configure sso once, then aws sso login --profile <name> and AWS_PROFILE=<name>',
      '  - an instance role: an EC2 instance profile, or an ECS task or EKS pod role',
      '  - web identity, as GitHub OIDC gives it: AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE',
    ]);
  });
  it('treats an empty change set as no changes, and deletes it', async () => {
    stackStatus('CREATE_COMPLETE', 'CREATE_COMPLETE');
    cloudFormation.on(CreateChangeSetCommand).resolves({});
    cloudFormation.on(DescribeChangeSetCommand).resolves({
      Status: 'FAILED',
      StatusReason:
        "The submitted information didn't contain changes. Submit different information to create a change set.",
    });
    cloudFormation.on(DeleteChangeSetCommand).resolves({});
    const plan = await planDeployment(clients(), config, builtStack(1000));
    expect(plan.changes).toEqual([]);
    expect(plan.type).toBe('UPDATE');
    expect(cloudFormation.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(formatChangePlan(plan, false)).toEqual(['No changes to demo.']);
  });

  it('marks the replacement of the controller, in red on a terminal', async () => {
    stackStatus('UPDATE_COMPLETE');
    cloudFormation.on(CreateChangeSetCommand).resolves({});
    cloudFormation.on(DescribeChangeSetCommand).resolves({
      Status: 'CREATE_COMPLETE',
      Changes: [
        {
          Type: 'Resource',
          ResourceChange: {
            Action: 'Modify',
            LogicalResourceId: 'InstanceController0',
            ResourceType: 'AWS::EC2::Instance',
            Replacement: 'True',
          },
        },
        {
          Type: 'Resource',
          ResourceChange: {
            Action: 'Modify',
            LogicalResourceId: 'AutoScaleWorkerDefault',
            ResourceType: 'AWS::AutoScaling::AutoScalingGroup',
            Replacement: 'False',
          },
        },
        {
          Type: 'Resource',
          ResourceChange: {
            Action: 'Add',
            LogicalResourceId: 'Subnet1',
            ResourceType: 'AWS::EC2::Subnet',
          },
        },
      ],
    });
    const plan = await planDeployment(clients(), config, builtStack(1000));
    expect(hasReplacements(plan)).toBe(true);
    const lines = formatChangePlan(plan, true);
    expect(lines[0]).toBe('Update demo: 1 to add, 2 to modify (1 replaced), 0 to remove.');
    expect(lines).toContain(
      '\u001b[31m  ! REPLACE         InstanceController0 (AWS::EC2::Instance)\u001b[0m',
    );
    expect(lines).toContain(
      '  ~ modify          AutoScaleWorkerDefault (AWS::AutoScaling::AutoScalingGroup)',
    );
    expect(lines).toContain('  + add             Subnet1 (AWS::EC2::Subnet)');
    const input = cloudFormation.commandCalls(CreateChangeSetCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      ChangeSetType: 'UPDATE',
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
      Tags: [{ Key: 'kube-aws:cluster', Value: 'demo' }],
    });
  });

  it('keeps each changed property, whether it replaces, why, and its values, over every page', async () => {
    stackStatus('UPDATE_COMPLETE');
    cloudFormation.on(CreateChangeSetCommand).resolves({});
    cloudFormation
      .on(DescribeChangeSetCommand)
      .resolvesOnce({
        Status: 'CREATE_COMPLETE',
        NextToken: 'page-2',
        Changes: [
          {
            Type: 'Resource',
            ResourceChange: {
              Action: 'Modify',
              LogicalResourceId: 'InstanceController0',
              PhysicalResourceId: 'i-0123456789abcdef0',
              ResourceType: 'AWS::EC2::Instance',
              Replacement: 'True',
              Details: [
                {
                  Target: {
                    Attribute: 'Properties',
                    Name: 'ImageId',
                    RequiresRecreation: 'Always',
                    BeforeValue: 'ami-1',
                    AfterValue: 'ami-2',
                  },
                  Evaluation: 'Static',
                  ChangeSource: 'DirectModification',
                },
                {
                  Target: { Attribute: 'Tags', RequiresRecreation: 'Never' },
                  Evaluation: 'Static',
                  ChangeSource: 'DirectModification',
                },
              ],
            },
          },
        ],
      })
      .resolvesOnce({
        Status: 'CREATE_COMPLETE',
        Changes: [
          {
            Type: 'Resource',
            ResourceChange: {
              Action: 'Modify',
              LogicalResourceId: 'EIPAssociationController0',
              ResourceType: 'AWS::EC2::EIPAssociation',
              Replacement: 'Conditional',
              Details: [
                {
                  Target: {
                    Attribute: 'Properties',
                    Name: 'InstanceId',
                    RequiresRecreation: 'Conditionally',
                  },
                  Evaluation: 'Dynamic',
                  ChangeSource: 'ResourceReference',
                  CausingEntity: 'InstanceController0',
                },
              ],
            },
          },
        ],
      });
    const plan = await planDeployment(clients(), config, builtStack(1000));
    expect(plan.changes).toEqual([
      {
        action: 'Modify',
        logicalId: 'InstanceController0',
        type: 'AWS::EC2::Instance',
        replacement: 'True',
        physicalId: 'i-0123456789abcdef0',
        details: [
          {
            attribute: 'Properties',
            name: 'ImageId',
            requiresRecreation: 'Always',
            changeSource: 'DirectModification',
            causingEntity: undefined,
            evaluation: 'Static',
            before: 'ami-1',
            after: 'ami-2',
          },
          {
            attribute: 'Tags',
            name: undefined,
            requiresRecreation: 'Never',
            changeSource: 'DirectModification',
            causingEntity: undefined,
            evaluation: 'Static',
            before: undefined,
            after: undefined,
          },
        ],
      },
      {
        action: 'Modify',
        logicalId: 'EIPAssociationController0',
        type: 'AWS::EC2::EIPAssociation',
        replacement: 'Conditional',
        physicalId: undefined,
        details: [
          {
            attribute: 'Properties',
            name: 'InstanceId',
            requiresRecreation: 'Conditionally',
            changeSource: 'ResourceReference',
            causingEntity: 'InstanceController0',
            evaluation: 'Dynamic',
            before: undefined,
            after: undefined,
          },
        ],
      },
    ]);
    // Values are asked for on every page; the CLI's lines are as they were.
    const described = cloudFormation.commandCalls(DescribeChangeSetCommand);
    expect(described.map((call) => call.args[0].input)).toEqual([
      { StackName: 'demo', ChangeSetName: plan.changeSetName, IncludePropertyValues: true },
      {
        StackName: 'demo',
        ChangeSetName: plan.changeSetName,
        IncludePropertyValues: true,
        NextToken: 'page-2',
      },
    ]);
    expect(formatChangePlan(plan, false)).toEqual([
      'Update demo: 0 to add, 2 to modify (2 replaced), 0 to remove.',
      '  ! REPLACE         InstanceController0 (AWS::EC2::Instance)',
      '  ! REPLACE (maybe) EIPAssociationController0 (AWS::EC2::EIPAssociation)',
    ]);
  });

  it('explains ROLLBACK_COMPLETE and offers --recreate', async () => {
    stackStatus('ROLLBACK_COMPLETE');
    await expect(planDeployment(clients(), config, builtStack(1000))).rejects.toMatchObject({
      code: 'STACK_ROLLED_BACK',
      message: expect.stringContaining(
        'Run kube-aws up --recreate to delete it and create it again',
      ),
    });
    expect(cloudFormation.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it('plans a CREATE over a stack left in REVIEW_IN_PROGRESS by an earlier plan, but waits for a busy one', async () => {
    stackStatus('REVIEW_IN_PROGRESS');
    cloudFormation.on(CreateChangeSetCommand).resolves({});
    cloudFormation
      .on(DescribeChangeSetCommand)
      .resolves({ Status: 'CREATE_COMPLETE', Changes: [] });
    const plan = await planDeployment(clients(), config, builtStack(1000));
    expect(plan.type).toBe('CREATE');
    expect(
      cloudFormation.commandCalls(CreateChangeSetCommand)[0]!.args[0].input.ChangeSetType,
    ).toBe('CREATE');
    cloudFormation.reset();
    stackStatus('UPDATE_IN_PROGRESS');
    await expect(planDeployment(clients(), config, builtStack(1000))).rejects.toMatchObject({
      code: 'STACK_BUSY',
      message:
        'stack demo is busy (UPDATE_IN_PROGRESS): another operation is changing it, and kube-aws changed nothing. Follow it with kube-aws status, then try again',
    });
    expect(cloudFormation.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it('stops on a template over 51,200 bytes without s3URI, saying so', async () => {
    cloudFormation
      .on(DescribeStacksCommand)
      .rejects(new Error('Stack with id demo does not exist'));
    await expect(planDeployment(clients(), config, builtStack(60_000))).rejects.toMatchObject({
      code: 'TEMPLATE_TOO_LARGE',
      message: expect.stringContaining('Set s3URI in cluster.yaml'),
    });
    expect(cloudFormation.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it('uploads a template over 51,200 bytes to s3URI and deploys it by TemplateURL, with stack tags', async () => {
    cloudFormation
      .on(DescribeStacksCommand)
      .rejects(new Error('Stack with id demo does not exist'));
    cloudFormation.on(CreateChangeSetCommand).resolves({});
    cloudFormation.on(DescribeChangeSetCommand).resolves({
      Status: 'CREATE_COMPLETE',
      Changes: [
        {
          Type: 'Resource',
          ResourceChange: {
            Action: 'Add',
            LogicalResourceId: 'VPC',
            ResourceType: 'AWS::EC2::VPC',
          },
        },
      ],
    });
    s3.on(PutObjectCommand).resolves({});
    const big = configWith('s3URI: s3://my-bucket/kube-aws\nstackTags:\n  team: platform\n');
    const plan = await planDeployment(clients(), big, builtStack(60_000));
    expect(plan.type).toBe('CREATE');
    const put = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(put.Bucket).toBe('my-bucket');
    expect(put.Key).toMatch(/^kube-aws\/demo\/stack-template-[0-9a-f]{16}\.json$/);
    const input = cloudFormation.commandCalls(CreateChangeSetCommand)[0]!.args[0].input;
    expect(input.TemplateBody).toBeUndefined();
    expect(input.TemplateURL).toBe(`https://my-bucket.s3.us-west-1.amazonaws.com/${put.Key}`);
    expect(input.Tags).toEqual([
      { Key: 'team', Value: 'platform' },
      { Key: 'kube-aws:cluster', Value: 'demo' },
    ]);
  });

  it('leaves retrying a throttled CreateChangeSet to the SDK: one call, then the wrapped error', async () => {
    stackStatus('CREATE_COMPLETE');
    cloudFormation.on(CreateChangeSetCommand).rejectsOnce(throttled()).resolves({});
    await expect(planDeployment(clients(), config, builtStack(1000))).rejects.toMatchObject({
      code: 'AWS_ERROR',
      message: 'AWS refused CreateChangeSet for stack demo: Throttling: Rate exceeded',
    });
    expect(cloudFormation.commandCalls(CreateChangeSetCommand)).toHaveLength(1);
  });
});

describe(destroyStack, () => {
  it('refuses a stack of the same name that another cluster (or nobody) tagged, deleting nothing', async () => {
    for (const Tags of [[], [{ Key: 'kube-aws:cluster', Value: 'other' }]]) {
      cloudFormation.reset();
      cloudFormation.on(DescribeStacksCommand).resolves({
        Stacks: [
          {
            StackName: 'demo',
            StackStatus: 'CREATE_COMPLETE',
            CreationTime: since,
            StackId: 'arn:stack',
            Tags,
          },
        ],
      });
      await expect(
        destroyStack(clients(), 'demo', { force: true, onEvent: () => undefined, pollMs: 1 }),
      ).rejects.toMatchObject({ code: 'STACK_NOT_OWNED' });
      expect(cloudFormation.commandCalls(DeleteStackCommand)).toHaveLength(0);
      expect(cloudFormation.commandCalls(UpdateTerminationProtectionCommand)).toHaveLength(0);
    }
  });

  it('deletes nothing when interrupted before DeleteStack', async () => {
    const controller = new AbortController();
    stackStatus('CREATE_COMPLETE', 'CREATE_COMPLETE');
    cloudFormation.on(DescribeStackEventsCommand).callsFake(async () => {
      controller.abort(new Error('interrupted'));
      return { StackEvents: [] };
    });
    await expect(
      destroyStack(clients(), 'demo', {
        force: false,
        onEvent: () => undefined,
        pollMs: 1,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({
      code: 'INTERRUPTED',
      message: 'interrupted before kube-aws changed anything: stack demo is as it was',
    });
    expect(cloudFormation.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });
  it('names the leftover load balancer that made DELETE_FAILED, and what to do', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'demo',
          StackStatus: 'CREATE_COMPLETE',
          CreationTime: since,
          StackId: 'arn:stack',
          Tags: [{ Key: 'kube-aws:cluster', Value: 'demo' }],
          Outputs: [{ OutputKey: 'VpcId', OutputValue: 'vpc-1' }],
        },
      ],
    });
    cloudFormation.on(DeleteStackCommand).resolves({});
    cloudFormation
      .on(DescribeStackEventsCommand)
      .resolvesOnce({ StackEvents: [] })
      .resolves({
        StackEvents: [
          event(
            '9',
            9,
            'demo',
            'DELETE_FAILED',
            'The following resource(s) failed to delete: [VPC]',
          ),
          event(
            '8',
            8,
            'VPC',
            'DELETE_FAILED',
            'The vpc vpc-1 has dependencies and cannot be deleted.',
          ),
        ],
      });
    cloudFormation.on(DescribeStacksCommand, { StackName: 'arn:stack' }).resolves({
      Stacks: [{ StackName: 'demo', StackStatus: 'DELETE_FAILED', CreationTime: since }],
    });
    ec2.on(DescribeNetworkInterfacesCommand).resolves({
      NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1', Description: 'ELB a1b2c3d4e5' }],
    });
    ec2
      .on(DescribeSecurityGroupsCommand)
      .resolves({ SecurityGroups: [{ GroupName: 'k8s-elb-a1b2c3d4e5', GroupId: 'sg-9' }] });
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-7' }] });
    const error = (await destroyStack(clients(), 'demo', {
      force: false,
      onEvent: () => undefined,
      pollMs: 1,
    }).catch((caught: unknown) => caught)) as ProvisionError;
    expect(error.code).toBe('STACK_FAILED');
    expect(error.message).toContain(
      'Root cause: DELETE_FAILED: VPC (AWS::EC2::Instance): The vpc vpc-1 has dependencies and cannot be deleted.',
    );
    expect(error.message).toContain('load balancer a1b2c3d4e5 (network interface eni-1)');
    expect(error.message).toContain('security group k8s-elb-a1b2c3d4e5 (sg-9) of a load balancer');
    expect(error.message).toContain('EBS volume vol-7');
    expect(error.message).toContain('kubectl delete svc,pvc --all-namespaces --all');
  });

  it('refuses a protected stack without --force, and turns protection off with it', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'demo',
          StackStatus: 'CREATE_COMPLETE',
          CreationTime: since,
          StackId: 'arn:stack',
          Tags: [{ Key: 'kube-aws:cluster', Value: 'demo' }],
          EnableTerminationProtection: true,
        },
      ],
    });
    await expect(
      destroyStack(clients(), 'demo', { force: false, onEvent: () => undefined, pollMs: 1 }),
    ).rejects.toMatchObject({ code: 'TERMINATION_PROTECTED' });
    expect(cloudFormation.commandCalls(DeleteStackCommand)).toHaveLength(0);
    cloudFormation.on(UpdateTerminationProtectionCommand).resolves({});
    cloudFormation.on(DeleteStackCommand).resolves({});
    cloudFormation
      .on(DescribeStackEventsCommand)
      .rejects(new Error('Stack [arn:stack] does not exist'));
    await destroyStack(clients(), 'demo', { force: true, onEvent: () => undefined, pollMs: 1 });
    expect(
      cloudFormation.commandCalls(UpdateTerminationProtectionCommand)[0]!.args[0].input,
    ).toEqual({ StackName: 'demo', EnableTerminationProtection: false });
  });
});

describe(sealAssets, () => {
  it('seals only what changed: equal fingerprints reuse the ciphertext', async () => {
    kms.on(EncryptCommand).resolves({ CiphertextBlob: Uint8Array.of(1, 2, 3) });
    const first = await sealAssets(
      clients(),
      config.kmsKeyArn,
      new Map([
        ['ca-key.pem', 'secret one'],
        ['worker-key.pem', 'secret two'],
      ]),
      new Map(),
    );
    expect([...first.sealed.keys()]).toEqual(['ca-key.pem', 'worker-key.pem']);
    expect(kms.commandCalls(EncryptCommand)[0]!.args[0].input.KeyId).toBe(config.kmsKeyArn);
    const second = await sealAssets(
      clients(),
      config.kmsKeyArn,
      new Map([
        ['ca-key.pem', 'secret one'],
        ['worker-key.pem', 'secret changed'],
      ]),
      first.sealed,
    );
    expect(second.reused).toEqual(['ca-key.pem']);
    expect([...second.sealed.keys()]).toEqual(['worker-key.pem']);
    expect(kms.commandCalls(EncryptCommand)).toHaveLength(3);
    expect(second.encryptedAssets.get('ca-key.pem')).toBe('AQID');
  });
});

describe(validateTemplateRemotely, () => {
  it('returns what CloudFormation rejects, and nothing for a valid template', async () => {
    cloudFormation
      .on(ValidateTemplateCommand)
      .resolvesOnce({})
      .rejectsOnce(
        Object.assign(new Error('Template format error: Unresolved resource dependencies [VPCs]'), {
          name: 'ValidationError',
        }),
      );
    expect(await validateTemplateRemotely(clients(), '{}')).toEqual([]);
    expect(await validateTemplateRemotely(clients(), '{}')).toEqual([
      'Template format error: Unresolved resource dependencies [VPCs]',
    ]);
  });
});
