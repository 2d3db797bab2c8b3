import { getEventListeners } from 'node:events';
import {
  CloudFormationClient,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackResourceDriftsCommand,
  DescribeStacksCommand,
  DetectStackDriftCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { detectStackDrift, formatStackDrift, shortValue } from '../src/index.js';
import type { StackDrift } from '../src/index.js';

// moto has no drift detection (DetectStackDrift is not implemented), so these run against
// aws-sdk-client-mock, with answers shaped as CloudFormation's documentation shows them.
const cloudFormation = mockClient(CloudFormationClient);
afterEach(() => cloudFormation.reset());

const detectedAt = new Date(Date.UTC(2026, 11, 1, 6, 0, 0));
const clients = () => ({
  cloudFormation: new CloudFormationClient({
    region: 'us-west-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  }),
});

function stack(status = 'UPDATE_COMPLETE', owner: string | undefined = 'demo') {
  cloudFormation.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: 'demo',
        StackId: 'arn:stack',
        StackStatus: status as never,
        CreationTime: detectedAt,
        Tags: owner === undefined ? [] : [{ Key: 'kube-aws:cluster', Value: owner }],
      },
    ],
  });
}

const workers = {
  StackId: 'arn:stack',
  LogicalResourceId: 'AutoScaleWorkerDefault',
  PhysicalResourceId: 'demo-AutoScaleWorkerDefault-1A2B',
  ResourceType: 'AWS::AutoScaling::AutoScalingGroup',
  StackResourceDriftStatus: 'MODIFIED' as const,
  Timestamp: detectedAt,
  PropertyDifferences: [
    {
      PropertyPath: '/DesiredCapacity',
      ExpectedValue: '1',
      ActualValue: '3',
      DifferenceType: 'NOT_EQUAL' as const,
    },
  ],
};
const securityGroup = {
  StackId: 'arn:stack',
  LogicalResourceId: 'SecurityGroupController',
  PhysicalResourceId: 'sg-0123',
  ResourceType: 'AWS::EC2::SecurityGroup',
  StackResourceDriftStatus: 'MODIFIED' as const,
  Timestamp: detectedAt,
  PropertyDifferences: [
    {
      PropertyPath: '/SecurityGroupIngress/2',
      ExpectedValue: 'null',
      ActualValue: '{"CidrIp":"0.0.0.0/0","FromPort":22,"IpProtocol":"tcp","ToPort":22}',
      DifferenceType: 'ADD' as const,
    },
  ],
};
const volume = {
  StackId: 'arn:stack',
  LogicalResourceId: 'EtcdVolume0',
  PhysicalResourceId: 'vol-0123',
  ResourceType: 'AWS::EC2::Volume',
  StackResourceDriftStatus: 'DELETED' as const,
  Timestamp: detectedAt,
};

describe(detectStackDrift, () => {
  it('waits for the detection, then returns each drifted resource and property, over every page', async () => {
    stack();
    cloudFormation.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: 'd-1' });
    cloudFormation
      .on(DescribeStackDriftDetectionStatusCommand)
      .resolvesOnce({
        StackId: 'arn:stack',
        StackDriftDetectionId: 'd-1',
        DetectionStatus: 'DETECTION_IN_PROGRESS',
        Timestamp: detectedAt,
      })
      .resolves({
        StackId: 'arn:stack',
        StackDriftDetectionId: 'd-1',
        DetectionStatus: 'DETECTION_COMPLETE',
        StackDriftStatus: 'DRIFTED',
        DriftedStackResourceCount: 3,
        Timestamp: detectedAt,
      });
    cloudFormation
      .on(DescribeStackResourceDriftsCommand)
      .resolvesOnce({ StackResourceDrifts: [workers, volume], NextToken: 'page-2' })
      .resolvesOnce({ StackResourceDrifts: [securityGroup] });

    const drift = await detectStackDrift(clients(), 'demo', { pollMs: 1 });
    expect(drift).toEqual({
      stackName: 'demo',
      status: 'DRIFTED',
      drifted: true,
      incomplete: undefined,
      detectedAt,
      resources: [
        {
          logicalId: 'AutoScaleWorkerDefault',
          physicalId: 'demo-AutoScaleWorkerDefault-1A2B',
          type: 'AWS::AutoScaling::AutoScalingGroup',
          status: 'MODIFIED',
          properties: [
            { path: '/DesiredCapacity', difference: 'NOT_EQUAL', expected: '1', actual: '3' },
          ],
        },
        {
          logicalId: 'EtcdVolume0',
          physicalId: 'vol-0123',
          type: 'AWS::EC2::Volume',
          status: 'DELETED',
          properties: [],
        },
        {
          logicalId: 'SecurityGroupController',
          physicalId: 'sg-0123',
          type: 'AWS::EC2::SecurityGroup',
          status: 'MODIFIED',
          properties: [
            {
              path: '/SecurityGroupIngress/2',
              difference: 'ADD',
              expected: 'null',
              actual: '{"CidrIp":"0.0.0.0/0","FromPort":22,"IpProtocol":"tcp","ToPort":22}',
            },
          ],
        },
      ],
    });
    expect(cloudFormation.commandCalls(DetectStackDriftCommand)[0]!.args[0].input).toEqual({
      StackName: 'demo',
    });
    expect(cloudFormation.commandCalls(DescribeStackDriftDetectionStatusCommand)).toHaveLength(2);
    expect(
      cloudFormation
        .commandCalls(DescribeStackResourceDriftsCommand)
        .map((call) => call.args[0].input),
    ).toEqual([
      { StackName: 'demo', StackResourceDriftStatusFilters: ['MODIFIED', 'DELETED'] },
      {
        StackName: 'demo',
        StackResourceDriftStatusFilters: ['MODIFIED', 'DELETED'],
        NextToken: 'page-2',
      },
    ]);
  });

  it('reports a stack in sync as not drifted', async () => {
    stack();
    cloudFormation.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: 'd-2' });
    cloudFormation.on(DescribeStackDriftDetectionStatusCommand).resolves({
      StackId: 'arn:stack',
      StackDriftDetectionId: 'd-2',
      DetectionStatus: 'DETECTION_COMPLETE',
      StackDriftStatus: 'IN_SYNC',
      DriftedStackResourceCount: 0,
      Timestamp: detectedAt,
    });
    cloudFormation.on(DescribeStackResourceDriftsCommand).resolves({ StackResourceDrifts: [] });
    const drift = await detectStackDrift(clients(), 'demo', { pollMs: 1 });
    expect(drift).toMatchObject({ status: 'IN_SYNC', drifted: false, resources: [] });
    expect(formatStackDrift(drift, false)).toEqual([
      'Stack demo has not drifted: every resource CloudFormation can check matches the template.',
    ]);
  });

  it('says why some resources could not be checked, and still reports those that were', async () => {
    stack();
    cloudFormation.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: 'd-3' });
    cloudFormation.on(DescribeStackDriftDetectionStatusCommand).resolves({
      StackId: 'arn:stack',
      StackDriftDetectionId: 'd-3',
      DetectionStatus: 'DETECTION_FAILED',
      DetectionStatusReason: 'Failed to detect drift on resource [InstanceController0]',
      StackDriftStatus: 'DRIFTED',
      Timestamp: detectedAt,
    });
    cloudFormation.on(DescribeStackResourceDriftsCommand).resolves({
      StackResourceDrifts: [workers],
    });
    const drift = await detectStackDrift(clients(), 'demo', { pollMs: 1 });
    expect(drift.incomplete).toBe('Failed to detect drift on resource [InstanceController0]');
    expect(drift.resources.map((resource) => resource.logicalId)).toEqual([
      'AutoScaleWorkerDefault',
    ]);
  });

  it.each([
    ['there is no stack', undefined, 'STACK_NOT_FOUND', /^there is no stack demo, so nothing/],
    ['only the shell of a plan', 'REVIEW_IN_PROGRESS', 'STACK_NOT_FOUND', /^there is no stack/],
    ['the stack is busy', 'UPDATE_IN_PROGRESS', 'STACK_BUSY', /is busy \(UPDATE_IN_PROGRESS\)/],
  ])('starts no detection when %s', async (_, status, code, message) => {
    if (status === undefined) {
      const missing = Object.assign(new Error('Stack with id demo does not exist'), {
        name: 'ValidationError',
      });
      cloudFormation.on(DescribeStacksCommand).rejects(missing);
    } else stack(status);
    await expect(detectStackDrift(clients(), 'demo')).rejects.toMatchObject({
      code,
      message: expect.stringMatching(message),
    });
    expect(cloudFormation.commandCalls(DetectStackDriftCommand)).toHaveLength(0);
  });

  it('refuses a stack of the same name that kube-aws did not make for the cluster', async () => {
    stack('UPDATE_COMPLETE', 'other');
    await expect(detectStackDrift(clients(), 'demo')).rejects.toMatchObject({
      code: 'STACK_NOT_OWNED',
    });
    expect(cloudFormation.commandCalls(DetectStackDriftCommand)).toHaveLength(0);
  });

  it('wraps a refusal with the operation and the stack, keeping the SDK error', async () => {
    stack();
    const denied = Object.assign(
      new Error('not authorized to perform: cloudformation:DetectStackDrift'),
      {
        name: 'AccessDenied',
      },
    );
    cloudFormation.on(DetectStackDriftCommand).rejects(denied);
    const error = await detectStackDrift(clients(), 'demo').catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'AWS_ERROR',
      message:
        'AWS refused DetectStackDrift for stack demo: AccessDenied: not authorized to perform: cloudformation:DetectStackDrift',
      cause: denied,
    });
  });

  it('stops waiting when the signal aborts between polls, and leaves no listener on it', async () => {
    stack();
    const controller = new AbortController();
    cloudFormation.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: 'd-4' });
    cloudFormation.on(DescribeStackDriftDetectionStatusCommand).callsFake(async () => {
      setTimeout(() => controller.abort(new Error('cancelled')), 5);
      return {
        StackId: 'arn:stack',
        StackDriftDetectionId: 'd-4',
        DetectionStatus: 'DETECTION_IN_PROGRESS',
        Timestamp: detectedAt,
      };
    });
    await expect(
      detectStackDrift(clients(), 'demo', { signal: controller.signal, pollMs: 60_000 }),
    ).rejects.toMatchObject({
      code: 'WAIT_INTERRUPTED',
      message: expect.stringContaining('it changes nothing'),
    });
    expect(cloudFormation.commandCalls(DescribeStackResourceDriftsCommand)).toHaveLength(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});

describe(formatStackDrift, () => {
  const drift: StackDrift = {
    stackName: 'demo',
    status: 'DRIFTED',
    drifted: true,
    incomplete: undefined,
    detectedAt,
    resources: [
      {
        logicalId: 'AutoScaleWorkerDefault',
        physicalId: 'asg-1',
        type: 'AWS::AutoScaling::AutoScalingGroup',
        status: 'MODIFIED',
        properties: [
          { path: '/DesiredCapacity', difference: 'NOT_EQUAL', expected: '1', actual: '3' },
        ],
      },
      {
        logicalId: 'EtcdVolume0',
        physicalId: 'vol-0123',
        type: 'AWS::EC2::Volume',
        status: 'DELETED',
        properties: [],
      },
    ],
  };

  it('names each drifted resource, and each property with the expected and the actual value', () => {
    expect(formatStackDrift(drift, false)).toEqual([
      'Stack demo has drifted: 2 resources differ from the template.',
      '  ~ MODIFIED  AutoScaleWorkerDefault (AWS::AutoScaling::AutoScalingGroup) asg-1',
      '      /DesiredCapacity: expected 1, actual 3',
      '  - DELETED   EtcdVolume0 (AWS::EC2::Volume) vol-0123',
    ]);
    expect(formatStackDrift(drift, true)[3]).toBe(
      '\u001b[31m  - DELETED   EtcdVolume0 (AWS::EC2::Volume) vol-0123\u001b[0m',
    );
  });

  it('says when CloudFormation could not check the stack', () => {
    expect(
      formatStackDrift(
        { ...drift, status: 'UNKNOWN', drifted: false, resources: [], incomplete: 'Access denied' },
        false,
      ),
    ).toEqual([
      'The drift of stack demo is UNKNOWN: CloudFormation could not check it.',
      'Not every resource could be checked: Access denied',
    ]);
  });
});

describe(shortValue, () => {
  it('puts a value on one line, and shortens a long one, saying how long it was', () => {
    expect(shortValue('a\n  b')).toBe('a b');
    expect(shortValue(undefined)).toBe('(none)');
    expect(shortValue('')).toBe('""');
    expect(shortValue('x'.repeat(100), 10)).toBe('xxxxxxxxxx… (100 characters)');
    // By code point: an emoji is never cut in half.
    expect(shortValue('😀'.repeat(5), 2)).toBe('😀😀… (5 characters)');
  });
});
