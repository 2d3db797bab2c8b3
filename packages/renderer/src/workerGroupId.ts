import type { NodePoolConfig } from '@kube-aws/config-schema';
import { logicalId } from './internal/networkResources.js';

/** The logical id of a node pool's auto scaling group in the stack. */
export function workerGroupId(pool: NodePoolConfig, index: number): string {
  return `AutoScaleWorker${logicalId(pool.name, index)}`;
}

/** The logical id of a node pool's launch template: a change to it rolls the pool. */
export function workerLaunchTemplateId(pool: NodePoolConfig, index: number): string {
  return `LaunchTemplateWorker${logicalId(pool.name, index)}`;
}
