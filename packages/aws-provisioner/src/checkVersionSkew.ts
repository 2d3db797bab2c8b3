import { ProvisionError } from './ProvisionError.js';

const SOURCE = 'kubernetes.io/releases/version-skew-policy';

interface Release {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

function release(version: string): Release | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(version.trim());
  return match === null
    ? undefined
    : { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/**
 * Refuses a kubernetesVersion change that the Kubernetes version skew policy rules out
 * (kubernetes.io/releases/version-skew-policy, "Supported component upgrade order"): API servers
 * move one minor release at a time, and no release is ever downgraded. kube-aws updates the
 * controllers before every worker pool, so with this rule no kubelet is ever newer than the API
 * servers, and none more than one minor older while an update runs. `deployed` is the release
 * the stack records (its KubernetesVersion output), never the edited cluster.yaml; a stack that
 * records none (made before kube-aws recorded it) is not checked.
 * @throws {ProvisionError} `VERSION_SKEW`, naming the path one minor at a time.
 */
export function checkVersionSkew(deployed: string | undefined, wanted: string): void {
  if (deployed === undefined) return;
  const from = release(deployed);
  const to = release(wanted);
  if (from === undefined || to === undefined || deployed === wanted) return;
  const refuse = (message: string): never => {
    throw new ProvisionError('VERSION_SKEW', `kubernetesVersion ${wanted}: ${message} (${SOURCE})`);
  };
  if (to.major !== from.major)
    refuse(
      `the stack runs ${deployed}, and Kubernetes moves between major releases only by a documented migration`,
    );
  const backwards = to.minor < from.minor || (to.minor === from.minor && to.patch < from.patch);
  if (backwards)
    refuse(
      `the stack runs ${deployed}, and Kubernetes supports no downgrade: etcd's data and the API's stored versions may already be newer. Keep ${deployed} or a later release`,
    );
  if (to.minor > from.minor + 1) {
    const steps = [deployed];
    for (let minor = from.minor + 1; minor < to.minor; minor++)
      steps.push(`v${from.major}.${minor}.x`);
    steps.push(wanted);
    refuse(
      `the stack runs ${deployed}, and the control plane moves one minor release at a time. Upgrade through each, with kube-aws update after every step: ${steps.join(' → ')}`,
    );
  }
}
