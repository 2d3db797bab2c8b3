import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KUBERNETES_VERSION_OUTPUT, workerLaunchTemplateId } from '../src/index.js';
import {
  DRAIN_LIFECYCLE_HOOK,
  rollDependencies,
  rollingNumbers,
  workerRollingUpdate,
} from '../src/internal/updatePolicies.js';
import { workerGroupId } from '../src/internal/stackTemplateFor.js';
import { build, configFrom } from './helpers.js';
import { caseConfig, FIXTURES, GOLDEN_CASES } from './goldenFixtures.js';
import { goldenNodes } from './renderedNodes.js';

type Json = Record<string, unknown>;
interface Resource {
  Type: string;
  DependsOn?: string[];
  Properties: Json;
  UpdatePolicy?: { AutoScalingRollingUpdate: Json };
}

function stackOf(caseName: string): { Resources: Record<string, Resource>; Outputs: Json } {
  return JSON.parse(readFileSync(join(FIXTURES, caseName, 'build', 'stack-template.json'), 'utf8'));
}

const BASE =
  'clusterName: c\nexternalDNSName: k.example.com\nregion: us-west-1\navailabilityZone: us-west-1a\nkeyName: k\nkmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/k\n';

describe(rollingNumbers, () => {
  const numbers = (yaml: string) => {
    const config = configFrom(`${BASE}${yaml}`);
    return rollingNumbers(config, config.worker.nodePools[0]!);
  };

  it('with the default maxSurge of 1, launches a node before it drains one, keeping count in service', () => {
    expect(numbers('worker:\n  count: 3\n')).toEqual({ maxSize: 4, minInService: 3, maxBatch: 1 });
  });

  it('with maxSurge 3, rolls three at a time above count', () => {
    expect(numbers('worker:\n  count: 5\n  rollingUpdate:\n    maxSurge: 3\n')).toEqual({
      maxSize: 8,
      minInService: 5,
      maxBatch: 3,
    });
  });

  it('with maxSurge 0, replaces one node at a time, one below count, and never grows', () => {
    expect(numbers('worker:\n  count: 3\n  rollingUpdate:\n    maxSurge: 0\n')).toEqual({
      maxSize: 3,
      minInService: 2,
      maxBatch: 1,
    });
  });

  it('keeps an empty pool empty', () => {
    expect(numbers('worker:\n  count: 0\n')).toEqual({ maxSize: 0, minInService: 0, maxBatch: 1 });
  });
});

describe(workerRollingUpdate, () => {
  it("waits for each batch's signals, suspends what fights a roll, and names its numbers by placeholder", () => {
    const { properties, UpdatePolicy } = workerRollingUpdate("pools['general']");
    expect(properties.MaxSize).toBe("{{ config.pools['general'].maxSize }}");
    expect(UpdatePolicy).toEqual({
      AutoScalingRollingUpdate: {
        MaxBatchSize: "{{ config.pools['general'].maxBatch }}",
        MinInstancesInService: "{{ config.pools['general'].minInService }}",
        PauseTime: 'PT15M',
        WaitOnResourceSignals: true,
        SuspendProcesses: [
          'HealthCheck',
          'ReplaceUnhealthy',
          'AZRebalance',
          'AlarmNotification',
          'ScheduledActions',
        ],
      },
    });
  });

  it('holds a terminating node for its drain, and lets it go when the drain cannot finish', () => {
    expect(workerRollingUpdate("pools['a']").properties.LifecycleHookSpecificationList).toEqual([
      {
        LifecycleHookName: DRAIN_LIFECYCLE_HOOK,
        LifecycleTransition: 'autoscaling:EC2_INSTANCE_TERMINATING',
        HeartbeatTimeout: 600,
        DefaultResult: 'CONTINUE',
      },
    ]);
  });
});

describe(rollDependencies, () => {
  it('rolls controllers one by one, then each pool after the one before it', () => {
    const config = configFrom(
      `${BASE}controller:\n  count: 3\nworker:\n  nodePools:\n    - name: a\n    - name: b\n    - name: c\n`,
    );
    const order = (node: { controller: number } | { pool: number }) =>
      rollDependencies(config, node, workerGroupId);
    expect(order({ controller: 0 })).toEqual([]);
    // Each controller is an Auto Scaling group of one (ADR 0018).
    expect(order({ controller: 2 })).toEqual(['AutoScaleController1']);
    expect(order({ pool: 0 })).toEqual([
      'AutoScaleController0',
      'AutoScaleController1',
      'AutoScaleController2',
    ]);
    expect(order({ pool: 2 })).toEqual(['AutoScaleWorkerB']);
  });
});

describe('the update policies of every golden stack', () => {
  it.each(GOLDEN_CASES)(
    '%s: every pool waits for signals, drains, and rolls after the control plane',
    (name) => {
      const config = caseConfig(name);
      const { Resources: resources, Outputs: outputs } = stackOf(name);
      const controllers = config.controller.privateIPs.map(
        (_, index) => `AutoScaleController${index}`,
      );
      config.controller.privateIPs.forEach((_, index) => {
        if (index > 0)
          expect(resources[`AutoScaleController${index}`]!.DependsOn).toContain(
            `AutoScaleController${index - 1}`,
          );
      });
      config.worker.nodePools.forEach((pool, index) => {
        const id = workerGroupId(pool, index);
        const group = resources[id]!;
        expect(group.Type).toBe('AWS::AutoScaling::AutoScalingGroup');
        // The names the roll plan reads the change set by.
        expect(resources[workerLaunchTemplateId(pool, index)]!.Type).toBe(
          'AWS::EC2::LaunchTemplate',
        );
        expect(group.UpdatePolicy!.AutoScalingRollingUpdate).toMatchObject({
          WaitOnResourceSignals: true,
          MinInstancesInService: String(pool.count),
        });
        expect(group.Properties).toMatchObject({
          MinSize: String(pool.count),
          DesiredCapacity: String(pool.count),
          MaxSize: String(pool.count + (pool.count === 0 ? 0 : 1)),
        });
        const before =
          index === 0
            ? controllers
            : [workerGroupId(config.worker.nodePools[index - 1]!, index - 1)];
        for (const dependency of before) expect(group.DependsOn, id).toContain(dependency);
      });
      expect(outputs[KUBERNETES_VERSION_OUTPUT]).toMatchObject({ Value: config.kubernetesVersion });
    },
  );

  // The userdata names what the stack declares: the group each pool signals, the hook it completes.
  it.each(GOLDEN_CASES)(
    '%s: each worker signals its own group and completes the hook the group has',
    (name) => {
      const config = caseConfig(name);
      const { Resources: resources } = stackOf(name);
      const workers = goldenNodes().filter(
        (node) => node.caseName === name && node.node.startsWith('worker-'),
      );
      expect(workers).toHaveLength(config.worker.nodePools.length);
      config.worker.nodePools.forEach((pool, index) => {
        const node = workers.find((item) => item.node === `worker-${pool.name}`)!;
        const script = (path: string) => node.files.find((file) => file.path === path)!.content;
        expect(script('/opt/bin/signal-ready')).toMatch(
          new RegExp(
            `--stack-name ${config.clusterName} \\\\\\n\\s+--logical-resource-id ${workerGroupId(pool, index)} `,
          ),
        );
        const hooks = resources[workerGroupId(pool, index)]!.Properties
          .LifecycleHookSpecificationList as {
          LifecycleHookName: string;
          HeartbeatTimeout: number;
        }[];
        expect(script('/opt/bin/drain-on-termination')).toContain(
          `--lifecycle-hook-name ${hooks[0]!.LifecycleHookName} `,
        );
        // The hook outlasts the drain, which gives up first and lets the termination go on.
        const drainSeconds = Number(/--timeout=(\d+)s/.exec(script('/opt/bin/drain-node'))![1]);
        expect(hooks[0]!.HeartbeatTimeout).toBeGreaterThan(drainSeconds + 60);
      });
    },
  );

  it.each(GOLDEN_CASES)(
    '%s: workers may signal this stack and complete the hooks of its groups only',
    (name) => {
      const { Resources: resources } = stackOf(name);
      const statements = (
        resources.IAMRoleWorker!.Properties.Policies as {
          PolicyDocument: { Statement: { Sid: string; Action: unknown; Resource: unknown }[] };
        }[]
      )[0]!.PolicyDocument.Statement;
      expect(statements.find((item) => item.Sid === 'SignalReady')).toEqual(
        expect.objectContaining({
          Action: 'cloudformation:SignalResource',
          Resource: { Ref: 'AWS::StackId' },
        }),
      );
      expect(statements.find((item) => item.Sid === 'CompleteDrain')).toEqual(
        expect.objectContaining({
          Action: 'autoscaling:CompleteLifecycleAction',
          Resource: {
            'Fn::Sub':
              'arn:${AWS::Partition}:autoscaling:${AWS::Region}:${AWS::AccountId}:autoScalingGroup:*:autoScalingGroupName/${AWS::StackName}-AutoScaleWorker*',
          },
        }),
      );
      // Controllers signal their own group (controller-ready, ADR 0018), on this stack only, and
      // complete no lifecycle hook.
      const controller = JSON.stringify(resources.IAMRoleController!.Properties);
      expect(controller).toContain(
        '{"Action":["cloudformation:DescribeStacks","cloudformation:SignalResource"],"Effect":"Allow","Resource":{"Ref":"AWS::StackId"},"Sid":"ControllerSignal"}',
      );
      expect(controller).not.toContain('CompleteLifecycleAction');
    },
  );

  it('the default stack, with all of it, still goes inline: under 51,200 bytes with room to spare', async () => {
    const built = await build(configFrom(BASE));
    // The etcd volume, tools and controller group of ADR 0018 took most of the 10% this kept.
    expect(built.templateBodyBytes).toBeLessThanOrEqual(51_200 - 1500);
  });
});
