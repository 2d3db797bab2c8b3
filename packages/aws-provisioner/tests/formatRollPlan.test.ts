import { parseClusterConfig, resolveClusterConfig } from '@kube-aws/config-schema';
import { describe, expect, it } from 'vitest';
import { formatRollPlan } from '../src/index.js';
import type { ChangePlan, PlannedChange, PlannedPropertyChange } from '../src/index.js';

const config = resolveClusterConfig(
  parseClusterConfig(
    'clusterName: c\nexternalDNSName: k.example.com\nregion: us-west-1\nkeyName: k\nkmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/k\n' +
      'subnets:\n  - {availabilityZone: us-west-1a, instanceCIDR: 10.0.0.0/24}\n' +
      'controller:\n  count: 3\nworker:\n  rollingUpdate:\n    maxSurge: 2\n  nodePools:\n    - {name: general, count: 4}\n    - {name: gpu, count: 1}\n    - {name: spare, count: 0}\n',
  ),
);

/** A change of one property, as CloudFormation details it. */
function prop(name: string): PlannedPropertyChange {
  return {
    attribute: 'Properties',
    name,
    requiresRecreation: 'Never',
    changeSource: 'DirectModification',
    causingEntity: undefined,
    evaluation: 'Static',
    before: undefined,
    after: undefined,
  };
}

function plan(changes: Partial<PlannedChange>[]): ChangePlan {
  return {
    stackName: 'c',
    changeSetName: 'kube-aws-1',
    type: 'UPDATE',
    changes: changes.map((change) => ({
      action: 'Modify',
      logicalId: '?',
      type: '',
      replacement: 'False',
      ...change,
    })),
  };
}

describe(formatRollPlan, () => {
  it('lists the controllers one at a time, then each pool in order, with its pace', () => {
    const lines = formatRollPlan(
      plan([
        { logicalId: 'LaunchTemplateWorkerGpu', details: [prop('LaunchTemplateData')] },
        { logicalId: 'AutoScaleWorkerGpu', details: [prop('LaunchTemplate')] },
        { logicalId: 'LaunchTemplateController2', details: [prop('LaunchTemplateData')] },
        { logicalId: 'AutoScaleController2', details: [prop('LaunchTemplate')] },
        { logicalId: 'AutoScaleController0', details: [prop('LaunchTemplate')] },
        { logicalId: 'LaunchTemplateWorkerGeneral', details: [prop('LaunchTemplateData')] },
      ]),
      config,
    );
    expect(lines).toEqual([
      'Roll plan: the control plane first, one controller at a time, then each pool in turn:',
      '  1. controller0 (10.0.0.50): replaced, the old instance first (its etcd volume and address move to the new one), which must signal its API server and etcd member healthy within 30 minutes or the update rolls back',
      '  2. controller2 (10.0.0.52): replaced, the old instance first (its etcd volume and address move to the new one), which must signal its API server and etcd member healthy within 30 minutes or the update rolls back',
      '  3. pool general (AutoScaleWorkerGeneral): 4 nodes replaced, 2 new at a time before as many old ones go, 6 nodes at most; each new node must signal Ready within 15 minutes or the update rolls back, each old one is drained first (PodDisruptionBudgets honoured, for a bounded time)',
      '  4. pool gpu (AutoScaleWorkerGpu): 1 node replaced, 2 new at a time before as many old ones go, 3 nodes at most; each new node must signal Ready within 15 minutes or the update rolls back, each old one is drained first (PodDisruptionBudgets honoured, for a bounded time)',
    ]);
  });

  it('says when a change restarts no node: tags, sizes, an empty pool', () => {
    expect(
      formatRollPlan(
        plan([
          { logicalId: 'AutoScaleController1', details: [prop('Tags')] },
          { logicalId: 'AutoScaleWorkerGeneral', details: [prop('MaxSize')] },
          { logicalId: 'LaunchTemplateWorkerSpare', details: [prop('LaunchTemplateData')] },
          { logicalId: 'IAMRoleWorker', details: [prop('Policies')] },
        ]),
        config,
      ),
    ).toEqual(['Roll plan: no node is replaced or restarted.']);
  });

  it('names a replaced controller, and a change without details as a possible roll', () => {
    const lines = formatRollPlan(
      plan([
        {
          logicalId: 'AutoScaleController1',
          replacement: 'True',
          details: [prop('VPCZoneIdentifier')],
        },
        { logicalId: 'AutoScaleWorkerGpu' },
      ]),
      config,
    );
    expect(lines[1]).toMatch(
      /^ {2}1\. controller1 \(10\.0\.0\.51\): replaced, the old instance first/,
    );
    expect(lines[2]).toMatch(/^ {2}2\. pool gpu \(AutoScaleWorkerGpu\): 1 node replaced/);
    expect(lines[2]).toMatch(
      / \(if the change is to its launch template or subnets: the change set does not say\)$/,
    );
  });

  it('says nothing for a stack being created, or a plan without changes', () => {
    expect(
      formatRollPlan({ ...plan([{ logicalId: 'AutoScaleController0' }]), type: 'CREATE' }, config),
    ).toEqual([]);
    expect(formatRollPlan(plan([]), config)).toEqual([]);
  });

  it('with maxSurge 0, replaces one node at a time below count', () => {
    const noSurge = { ...config, worker: { ...config.worker, rollingUpdate: { maxSurge: 0 } } };
    expect(
      formatRollPlan(plan([{ logicalId: 'LaunchTemplateWorkerGeneral' }]), noSurge)[1],
    ).toContain('4 nodes replaced, 1 at a time, 3 left in service;');
  });
});
