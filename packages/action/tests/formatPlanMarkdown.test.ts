import { describe, expect, it } from 'vitest';
import type { ChangePlan } from '@kube-aws/aws-provisioner';
import { countChanges } from '@kube-aws/aws-provisioner';
import { formatPlanMarkdown } from '../src/index.js';

const plan: ChangePlan = {
  stackName: 'c',
  changeSetName: 'cs',
  type: 'UPDATE',
  changes: [
    { action: 'Add', logicalId: 'A', type: 'AWS::EC2::Volume', replacement: undefined },
    {
      action: 'Modify',
      logicalId: 'Workers',
      type: 'AWS::AutoScaling::AutoScalingGroup',
      replacement: 'False',
    },
    {
      action: 'Modify',
      logicalId: 'InstanceController0',
      type: 'AWS::EC2::Instance',
      replacement: 'True',
    },
    {
      action: 'Modify',
      logicalId: 'Maybe|Pipe',
      type: 'AWS::EC2::LaunchTemplate',
      replacement: 'Conditional',
    },
    { action: 'Remove', logicalId: 'Old', type: 'AWS::IAM::Role', replacement: undefined },
  ],
};

describe('formatPlanMarkdown', () => {
  it('counts add, modify, replace and remove', () => {
    expect(countChanges(plan)).toEqual({ add: 1, modify: 1, replace: 2, remove: 1 });
  });

  it('is a line of counts and a table with one row per resource', () => {
    expect(formatPlanMarkdown(plan)).toBe(
      [
        'Update `c`: 1 to add, 1 to modify, 2 to replace, 1 to remove.',
        '',
        '| Change | Resource | Type | Note |',
        '| --- | --- | --- | --- |',
        '| add | `A` | AWS::EC2::Volume | |',
        '| modify | `Workers` | AWS::AutoScaling::AutoScalingGroup | |',
        '| **replace** | `InstanceController0` | AWS::EC2::Instance | |',
        '| **replace** | `Maybe\\|Pipe` | AWS::EC2::LaunchTemplate | may be replaced |',
        '| remove | `Old` | AWS::IAM::Role | |',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing changes', () => {
    expect(formatPlanMarkdown({ ...plan, changes: [] })).toBe('No changes to `c`.\n');
  });
});
