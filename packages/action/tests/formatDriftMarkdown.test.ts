import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StackDrift } from '@kube-aws/aws-provisioner';
import { formatDriftMarkdown } from '../src/index.js';
import { FIXTURES } from './planFixtures.js';

const detectedAt = new Date(Date.UTC(2026, 11, 1, 6, 0, 0));
const drift: StackDrift = {
  stackName: 'my-cluster',
  status: 'DRIFTED',
  drifted: true,
  incomplete: undefined,
  detectedAt,
  resources: [
    {
      logicalId: 'AutoScaleWorkerDefault',
      physicalId: 'my-cluster-AutoScaleWorkerDefault-1A2B3C',
      type: 'AWS::AutoScaling::AutoScalingGroup',
      status: 'MODIFIED',
      properties: [
        { path: '/DesiredCapacity', difference: 'NOT_EQUAL', expected: '1', actual: '3' },
        { path: '/MaxSize', difference: 'NOT_EQUAL', expected: '1', actual: '3' },
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
          expected: undefined,
          actual: '{"CidrIp":"0.0.0.0/0","Description":"<b>ssh</b>"}',
        },
      ],
    },
  ],
};

describe(formatDriftMarkdown, () => {
  it('renders a drifted stack as its golden file', async () => {
    await expect(formatDriftMarkdown(drift)).toMatchFileSnapshot(
      join(FIXTURES, 'drifted', 'summary.md'),
    );
  });

  it('says what drifted, deleted resources first, each property with both values', () => {
    const text = formatDriftMarkdown(drift);
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      '**`my-cluster` has drifted: 3 resources differ from the template (checked 2026-12-01T06:00:00.000Z).**',
    );
    expect(lines.filter((line) => /^\| (\*\*deleted\*\*|modified) \|/.test(line))).toEqual([
      '| **deleted** | `EtcdVolume0` | `AWS::EC2::Volume` | <code>vol-0123</code> |  |',
      '| modified | `AutoScaleWorkerDefault` | `AWS::AutoScaling::AutoScalingGroup` | <code>my-cluster-AutoScaleWorkerDefault-1A2B3C</code> | <code>/DesiredCapacity</code>, <code>/MaxSize</code> |',
      '| modified | `SecurityGroupController` | `AWS::EC2::SecurityGroup` | <code>sg-0123</code> | <code>/SecurityGroupIngress/2</code> |',
    ]);
    expect(text).toContain(
      '| <code>/DesiredCapacity</code> | not equal | <code>1</code> | <code>3</code> |',
    );
    // A value from AWS is never markup.
    expect(text).toContain('&lt;b&gt;ssh&lt;/b&gt;');
    expect(text).not.toContain('<b>ssh');
    expect(text.split('<details>')).toHaveLength(3);
    expect(text).toContain('A deploy does not undo drift');
  });

  it('says a stack in sync has not drifted, and what could not be checked', () => {
    expect(
      formatDriftMarkdown({
        ...drift,
        status: 'IN_SYNC',
        drifted: false,
        resources: [],
        incomplete: 'Failed to detect drift on resource [InstanceController0]',
      }),
    ).toBe(
      [
        '**`my-cluster` has not drifted**: every resource CloudFormation can check matches the template (checked 2026-12-01T06:00:00.000Z).',
        '',
        '> [!WARNING]',
        '> Not every resource could be checked: <code>Failed to detect drift on resource [InstanceController0]</code>',
        '',
      ].join('\n'),
    );
  });
});
