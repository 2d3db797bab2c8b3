/**
 * The stack output that records the Kubernetes release the stack runs: `diff` and `update` read
 * the deployed version from the stack, never from the edited cluster.yaml, to apply the version
 * skew policy.
 */
export const KUBERNETES_VERSION_OUTPUT = 'KubernetesVersion';

/** The stack's KubernetesVersion output. */
export function versionOutput(): Record<string, unknown> {
  return {
    [KUBERNETES_VERSION_OUTPUT]: {
      Description: 'Kubernetes release of the control plane and the nodes',
      // A placeholder like the stack's other values of cluster.yaml, so an edited template follows.
      Value: '{{ cluster.kubernetesVersion }}',
    },
  };
}
