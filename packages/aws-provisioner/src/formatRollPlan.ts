import type { ClusterConfig } from '@kube-aws/config-schema';
import {
  CONTROLLER_SIGNAL_TIMEOUT_MINUTES,
  ROLL_SIGNAL_TIMEOUT_MINUTES,
  workerGroupId,
  workerLaunchTemplateId,
} from '@kube-aws/renderer';
import type { ChangePlan, PlannedChange } from './planDeployment.js';

/** Group properties whose change rolls the group's instances (AutoScalingRollingUpdate). */
const ROLLS_GROUP = new Set(['LaunchTemplate', 'VPCZoneIdentifier', 'PlacementGroup']);

/** Whether a change rolls its nodes: yes, no, or maybe when CloudFormation gave no details. */
function rolls(
  change: PlannedChange | undefined,
  triggers: ReadonlySet<string>,
): 'yes' | 'no' | 'maybe' {
  if (change === undefined || change.action !== 'Modify') return 'no';
  if (change.replacement === 'True' || change.replacement === 'Conditional') return 'yes';
  const properties = (change.details ?? [])
    .filter((detail) => detail.attribute === 'Properties' && detail.name !== undefined)
    .map((detail) => detail.name!);
  // A change set without details (an emulator's) may hold a roll: say so rather than nothing.
  if (properties.length === 0) return 'maybe';
  return properties.some((name) => triggers.has(name)) ? 'yes' : 'no';
}

const MAYBE = ' (if the change is to its launch template or subnets: the change set does not say)';

/**
 * The order in which an update restarts and replaces nodes, for `diff` and `update` to print under
 * the change set: controllers one at a time, then each worker pool after the one before it
 * (the stack's DependsOn chain; docs/adr/0016-rolls-and-rotation.md), with how many nodes at a
 * time and what each waits for. Empty when no node rolls.
 */
export function formatRollPlan(plan: ChangePlan, config: ClusterConfig): string[] {
  if (plan.type !== 'UPDATE') return [];
  const byId = new Map(plan.changes.map((change) => [change.logicalId, change]));
  const steps: string[] = [];
  // Each controller is an Auto Scaling group of one with its own launch template (ADR 0018).
  config.controller.privateIPs.forEach((ip, index) => {
    const roll =
      byId.get(`LaunchTemplateController${index}`) !== undefined
        ? 'yes'
        : rolls(byId.get(`AutoScaleController${index}`), ROLLS_GROUP);
    if (roll === 'no') return;
    steps.push(
      `controller${index} (${ip}): replaced, the old instance first (its etcd volume and address move to the new one), which must signal its API server and etcd member healthy within ${CONTROLLER_SIGNAL_TIMEOUT_MINUTES} minutes or the update rolls back${roll === 'maybe' ? MAYBE : ''}`,
    );
  });
  const surge = config.worker.rollingUpdate.maxSurge;
  config.worker.nodePools.forEach((pool, index) => {
    const group = workerGroupId(pool, index);
    const roll =
      byId.get(workerLaunchTemplateId(pool, index)) !== undefined
        ? 'yes'
        : rolls(byId.get(group), ROLLS_GROUP);
    if (roll === 'no' || pool.count === 0) return;
    const batch = Math.max(1, surge);
    const pace =
      surge > 0
        ? `${batch} new at a time before as many old ones go, ${pool.count + surge} nodes at most`
        : `1 at a time, ${pool.count - 1} left in service`;
    steps.push(
      `pool ${pool.name} (${group}): ${pool.count} node${pool.count === 1 ? '' : 's'} replaced, ${pace}; each new node must signal Ready within ${ROLL_SIGNAL_TIMEOUT_MINUTES} minutes or the update rolls back, each old one is drained first (PodDisruptionBudgets honoured, for a bounded time)${roll === 'maybe' ? MAYBE : ''}`,
    );
  });
  if (steps.length === 0)
    return plan.changes.length === 0 ? [] : ['Roll plan: no node is replaced or restarted.'];
  return [
    'Roll plan: the control plane first, one controller at a time, then each pool in turn:',
    ...steps.map((step, index) => `  ${index + 1}. ${step}`),
  ];
}
