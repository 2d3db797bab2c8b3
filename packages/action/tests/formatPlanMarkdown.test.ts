import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChangePlan } from '@kube-aws/aws-provisioner';
import { countChanges } from '@kube-aws/aws-provisioner';
import { formatPlanMarkdown } from '../src/index.js';
import { FIXTURES, fixturePlan, fixtureRollPlan, PLAN_CASES } from './planFixtures.js';

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

describe(formatPlanMarkdown, () => {
  it.each(PLAN_CASES)('renders %s as its golden file', async (name) => {
    await expect(formatPlanMarkdown(fixturePlan(name), fixtureRollPlan(name))).toMatchFileSnapshot(
      join(FIXTURES, name, 'summary.md'),
    );
  });

  it('shows the roll plan under the summary: its heading in bold, its steps a numbered list', () => {
    const markdown = formatPlanMarkdown(plan, [
      'Roll plan: the control plane first, one controller at a time, then each pool in turn:',
      '  1. controller0 (10.0.0.50): replaced, the old instance first',
      '  2. controller1 (10.0.0.51): replaced, the old instance first',
    ]);
    expect(markdown).toContain(
      [
        '**Roll plan**: the control plane first, one controller at a time, then each pool in turn:',
        '',
        '1. controller0 (10.0.0.50): replaced, the old instance first',
        '2. controller1 (10.0.0.51): replaced, the old instance first',
        '',
        '| Change |',
      ].join('\n'),
    );
    expect(formatPlanMarkdown(plan, ['Roll plan: no node is replaced or restarted.'])).toContain(
      '\n\n**Roll plan**: no node is replaced or restarted.\n\n| Change |',
    );
    expect(formatPlanMarkdown(plan)).not.toContain('Roll plan');
  });

  it('counts add, modify, replace and remove', () => {
    expect(countChanges(plan)).toEqual({ add: 1, modify: 1, replace: 2, remove: 1 });
  });

  it('is a summary line, a warning naming the replacements, and a table with them first', () => {
    expect(formatPlanMarkdown(plan)).toBe(
      [
        '**Update `c`: 1 to add, 1 to modify, 2 to replace, 1 to remove.**',
        '',
        '> [!WARNING]',
        '> **2 resources will be replaced**: CloudFormation makes them anew, and a replaced instance or worker group means new nodes: `InstanceController0` (AWS::EC2::Instance), `Maybe\\|Pipe` (AWS::EC2::LaunchTemplate, maybe).',
        '> A deploy stops before it changes anything unless the input `yes-replace` is true.',
        '',
        '| Change | Resource | Type | Properties |',
        '| --- | --- | --- | --- |',
        '| **replace** | `InstanceController0` | `AWS::EC2::Instance` |  |',
        '| **maybe replace** | `Maybe\\|Pipe` | `AWS::EC2::LaunchTemplate` |  |',
        '| modify | `Workers` | `AWS::AutoScaling::AutoScalingGroup` |  |',
        '| add | `A` | `AWS::EC2::Volume` |  |',
        '| remove | `Old` | `AWS::IAM::Role` |  |',
        '',
      ].join('\n'),
    );
  });

  it('details each changed property in a collapsed block: replaces or not, why, before, after', () => {
    const text = formatPlanMarkdown(fixturePlan('update-replacing-the-controller'));
    const blocks = text.split('<details>').slice(1);
    // One block per resource with property changes, in the table's order: replacements first.
    expect(blocks.map((block) => /<summary>.*?<code>([^<]+)<\/code>/.exec(block)?.[1])).toEqual([
      'InstanceController0',
      'EIPAssociationController0',
      'AutoScaleWorkerDefault',
      'Pipe&#124;Name',
    ]);
    expect(text.split('</details>')).toHaveLength(blocks.length + 1);
    const controller = blocks[0]!;
    expect(controller).toContain(
      '<summary><b>replace</b> <code>InstanceController0</code> <code>AWS::EC2::Instance</code>: 3 properties, 2 replace it</summary>',
    );
    // ImageId is listed once, though CloudFormation gave two causes for it.
    expect(controller).toContain(
      '| `ImageId` | **yes** | parameter <code>AmiId</code>; the template | <code>ami-0aaaaaaaaaaaaaaaa</code> | <code>ami-0bbbbbbbbbbbbbbbb</code> |',
    );
    expect(controller).toMatch(
      /\| `UserData` \| \*\*yes\*\* \| the template \| <code>H4sI[^|]*… \(3013 characters\)<\/code> \|/,
    );
    expect(controller).toContain('| `Tags` | no | the template |  |  |');
    expect(blocks[1]).toContain(
      '| `InstanceId` | **maybe** | resource <code>InstanceController0</code> (known at deploy) |  |  |',
    );
  });

  it('leaves nothing of a template value as markup', () => {
    const text = formatPlanMarkdown(fixturePlan('update-replacing-the-controller'));
    expect(text).toContain(
      '<code>&lt;/details&gt;&lt;img src=x onerror=alert(1)&gt; @someone `tick`</code>',
    );
    expect(text).not.toContain('<img');
    expect(text).toContain('<code>a &#124; b</code>');
  });

  it('says so when nothing changes', () => {
    expect(formatPlanMarkdown({ ...plan, changes: [] })).toBe('No changes to `c`.\n');
  });
});
