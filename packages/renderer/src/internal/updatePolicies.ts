import type { ClusterConfig, NodePoolConfig } from '@kube-aws/config-schema';
import { ROLL_SIGNAL_TIMEOUT_MINUTES } from '../rollSignalTimeout.js';

type Json = Record<string, unknown>;

/** The lifecycle hook that holds a terminating worker until it has drained itself. */
export const DRAIN_LIFECYCLE_HOOK = 'kube-aws-drain';

/** How long a worker may take to drain (its drain-node gives up after 300 s) before it goes anyway. */
const DRAIN_HEARTBEAT_SECONDS = 600;

/**
 * How long a rolling update waits for each batch of new nodes to signal Ready: PauseTime becomes a
 * timeout with WaitOnResourceSignals (AWS::AutoScaling::AutoScalingGroup UpdatePolicy). A node
 * boots, downloads kubelet, joins and pulls its images in a few minutes.
 */
const SIGNAL_TIMEOUT = `PT${ROLL_SIGNAL_TIMEOUT_MINUTES}M`;

/**
 * Scaling processes that would fight a rolling update: AWS's knowledge center ("auto scaling group
 * rolling updates") names these; Launch and Terminate must keep running.
 */
export const SUSPENDED_DURING_ROLL = [
  'HealthCheck',
  'ReplaceUnhealthy',
  'AZRebalance',
  'AlarmNotification',
  'ScheduledActions',
];

/**
 * The numbers of a worker pool's roll. With maxSurge, the group may grow to count + maxSurge while
 * it rolls and keeps count nodes in service, so CloudFormation launches each batch before it
 * terminates old nodes; with 0 it replaces one node at a time, one below count.
 */
export function rollingNumbers(
  config: ClusterConfig,
  pool: NodePoolConfig,
): { maxSize: number; minInService: number; maxBatch: number } {
  const surge = pool.count === 0 ? 0 : config.worker.rollingUpdate.maxSurge;
  return {
    maxSize: pool.count + surge,
    minInService: surge > 0 ? pool.count : Math.max(0, pool.count - 1),
    maxBatch: Math.max(1, surge),
  };
}

/**
 * A worker pool's size limit, rolling update and drain hook, its numbers as placeholders of the
 * stack template's `config` context at `at` (rollingNumbers fills them in). Each new node must
 * signal Ready (signal-ready) within SIGNAL_TIMEOUT or the update rolls back; each old node drains
 * itself in Terminating:Wait (drain-on-termination).
 */
export function workerRollingUpdate(at: string): { properties: Json; UpdatePolicy: Json } {
  return {
    properties: {
      MaxSize: `{{ config.${at}.maxSize }}`,
      LifecycleHookSpecificationList: [
        {
          LifecycleHookName: DRAIN_LIFECYCLE_HOOK,
          LifecycleTransition: 'autoscaling:EC2_INSTANCE_TERMINATING',
          HeartbeatTimeout: DRAIN_HEARTBEAT_SECONDS,
          DefaultResult: 'CONTINUE',
        },
      ],
    },
    UpdatePolicy: {
      AutoScalingRollingUpdate: {
        MaxBatchSize: `{{ config.${at}.maxBatch }}`,
        MinInstancesInService: `{{ config.${at}.minInService }}`,
        PauseTime: SIGNAL_TIMEOUT,
        WaitOnResourceSignals: true,
        SuspendProcesses: SUSPENDED_DURING_ROLL,
      },
    },
  };
}

/**
 * The order of a roll: CloudFormation updates a resource only after those it depends on, so each
 * controller waits for the one before it, the first pool for every controller (the API servers
 * are never older than a kubelet), and each pool for the pool before it.
 */
export function rollDependencies(
  config: ClusterConfig,
  node: { controller: number } | { pool: number },
  groupIdOf: (pool: NodePoolConfig, index: number) => string,
): string[] {
  // Each controller is an Auto Scaling group of one (controllerResources.ts, ADR 0018).
  if ('controller' in node)
    return node.controller === 0 ? [] : [`AutoScaleController${node.controller - 1}`];
  if (node.pool > 0) return [groupIdOf(config.worker.nodePools[node.pool - 1]!, node.pool - 1)];
  return config.controller.privateIPs.map((_, index) => `AutoScaleController${index}`);
}
