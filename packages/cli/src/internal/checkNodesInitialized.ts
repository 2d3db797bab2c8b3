import type { CheckRow } from './CheckRow.js';
import type { KubeNode } from './KubeNode.js';
import { listNames } from './listNames.js';

const CHECK = 'nodes initialized';

/**
 * The taint the kubelet sets with --cloud-provider=external until the cloud-controller-manager has
 * initialized the node (k8s.io/api core/v1 well_known_taints.go, TaintExternalCloudProvider).
 */
export const UNINITIALIZED_TAINT = 'node.cloudprovider.kubernetes.io/uninitialized';

/** The AWS cloud-controller-manager has initialized every node: a providerID, no uninitialized taint. */
export function checkNodesInitialized(nodes: readonly KubeNode[]): CheckRow {
  if (nodes.length === 0)
    return { check: CHECK, state: 'WAIT', detail: 'no node has registered yet' };
  const problems = nodes.flatMap((node) => {
    const reasons = [
      ...(node.spec?.providerID?.startsWith('aws://') === true ? [] : ['no aws:// providerID']),
      ...(node.spec?.taints?.some((taint) => taint.key === UNINITIALIZED_TAINT) === true
        ? ['uninitialized taint']
        : []),
    ];
    return reasons.length === 0 ? [] : [`${node.metadata.name} (${reasons.join(', ')})`];
  });
  if (problems.length === 0)
    return {
      check: CHECK,
      state: 'OK',
      detail: 'every node has an aws:// providerID and no uninitialized taint',
    };
  return {
    check: CHECK,
    state: 'FAIL',
    detail: `not initialized by the cloud-controller-manager: ${listNames(problems)}`,
  };
}
