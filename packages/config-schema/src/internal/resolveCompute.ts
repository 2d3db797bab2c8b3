import type { NodePoolConfig } from '../ClusterConfig.js';
import { DEFAULTS } from '../defaults.js';
import { spellingsOf } from './deprecatedKeys.js';
import { pickValue } from './pickValue.js';
import type { ResolveContext } from './ResolveContext.js';
import { resolveRootVolume } from './resolveRootVolume.js';
import type { FieldPath } from './SourceInfo.js';
import { suggestKey } from './suggestKey.js';

export function resolveController(ctx: ResolveContext) {
  const count = pickValue<number>(ctx, [['controller', 'count']], DEFAULTS.controllerCount);
  if (count.written && count.value % 2 === 0) {
    ctx.report(
      count.path,
      'even-controller-count',
      `${count.value} controllers survive no more failures than ${count.value - 1}; etcd needs a majority, so use an odd count`,
      { severity: 'warning' },
    );
  }
  const loadBalancer = pickValue<boolean>(ctx, [['controller', 'loadBalancer']], count.value > 1);
  if (!loadBalancer.value && count.value > 1) {
    ctx.report(
      loadBalancer.path,
      'needs-load-balancer',
      `${count.value} controllers need the load balancer: without it workers reach only controller 0, and lose the API with it`,
    );
  }
  return {
    count: count.value,
    loadBalancer: loadBalancer.value,
    instanceType: pickValue<string>(
      ctx,
      spellingsOf(['controller', 'instanceType']),
      DEFAULTS.instanceType,
    ).value,
    rootVolume: resolveRootVolume(ctx, [['controller']]),
  };
}

/**
 * Kubernetes supports clusters of at most 5000 nodes ("Considerations for large clusters",
 * kubernetes.io/docs/setup/best-practices/cluster-large/, Kubernetes v1.36).
 */
const MAX_CLUSTER_NODES = 5000;

interface PoolInput {
  name?: string;
  subnets?: string[];
}

/**
 * Resolves the worker pools. Without worker.nodePools the worker settings form one pool
 * named default; with them, each pool takes what it leaves out from the worker settings.
 */
export function resolveNodePools(
  ctx: ResolveContext,
  subnetNames: readonly string[],
  workerSubnets: readonly string[],
  controllerCount: number,
): NodePoolConfig[] {
  let nodes = controllerCount;
  const worker: FieldPath = ['worker'];
  const pools = ctx.valueAt(['worker', 'nodePools']) as PoolInput[] | undefined;
  const bases: FieldPath[] =
    pools === undefined ? [[]] : pools.map((_, index) => ['worker', 'nodePools', index]);
  const seen = new Map<string, number>();
  return bases.map((base, index) => {
    const inPool = (field: string): FieldPath[] => (base.length === 0 ? [] : [[...base, field]]);
    const name = pickValue<string>(ctx, inPool('name'), DEFAULTS.defaultPoolName).value;
    if (base.length > 0) {
      const first = seen.get(name);
      if (first !== undefined) {
        ctx.report(
          [...base, 'name'],
          'duplicate-name',
          `${name} is already the name of worker.nodePools[${first}]`,
        );
      }
      seen.set(name, index);
    }
    const subnets = (base.length === 0
      ? undefined
      : (ctx.valueAt([...base, 'subnets']) as string[] | undefined)) ?? [...workerSubnets];
    subnets.forEach((subnet, subnetIndex) => {
      if (!subnetNames.includes(subnet)) {
        const close = suggestKey(subnet, subnetNames);
        const hint =
          close === undefined
            ? `; the subnets are ${subnetNames.join(', ')}`
            : `; did you mean ${close}?`;
        ctx.report(
          [...base, 'subnets', subnetIndex],
          'unknown-subnet',
          `no subnet is named ${subnet}${hint}`,
        );
      }
    });
    const count = pickValue<number>(
      ctx,
      [...inPool('count'), ...spellingsOf([...worker, 'count'])],
      DEFAULTS.workerCount,
    );
    if (nodes <= MAX_CLUSTER_NODES && nodes + count.value > MAX_CLUSTER_NODES) {
      ctx.report(
        count.path,
        'cluster-too-large',
        `brings the cluster to ${nodes + count.value} nodes with the controllers, more than the ${MAX_CLUSTER_NODES} Kubernetes supports`,
      );
    }
    nodes += count.value;
    return {
      name,
      count: count.value,
      instanceType: pickValue<string>(
        ctx,
        [...inPool('instanceType'), ...spellingsOf([...worker, 'instanceType'])],
        DEFAULTS.instanceType,
      ).value,
      rootVolume: resolveRootVolume(ctx, base.length === 0 ? [worker] : [base, worker]),
      subnets,
    };
  });
}
