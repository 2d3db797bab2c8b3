import type { CheckRow } from './CheckRow.js';
import type { KubePod } from './KubePod.js';
import { listNames } from './listNames.js';

const CHECK = 'kube-system pods';

/** Why a pod is not well, or undefined: Running with every container ready, or Succeeded. */
function trouble(pod: KubePod): string | undefined {
  const phase = pod.status?.phase ?? 'Unknown';
  if (phase === 'Succeeded') return undefined;
  const containers = pod.status?.containerStatuses ?? [];
  const waiting = containers
    .map((container) => container.state?.waiting?.reason)
    .find((reason) => reason !== undefined && reason !== 'ContainerCreating');
  if (waiting !== undefined) return waiting;
  if (phase !== 'Running') return pod.status?.reason ?? phase;
  const ready = containers.filter((container) => container.ready).length;
  return containers.length > 0 && ready === containers.length
    ? undefined
    : `${ready}/${containers.length} containers ready`;
}

/**
 * Every pod in kube-system is Running with all containers ready, or Succeeded. Pods that match
 * `skip` (the check's own DNS probes) are left out.
 */
export function checkSystemPods(
  pods: readonly KubePod[],
  skip: (pod: KubePod) => boolean = () => false,
): CheckRow {
  const counted = pods.filter((pod) => !skip(pod));
  if (counted.length === 0)
    return {
      check: CHECK,
      state: 'FAIL',
      detail: 'no pod in kube-system yet; the controller installs the add-ons once its API answers',
    };
  const sick = counted.flatMap((pod) => {
    const reason = trouble(pod);
    return reason === undefined ? [] : [`${pod.metadata.name} (${reason})`];
  });
  if (sick.length === 0)
    return {
      check: CHECK,
      state: 'OK',
      detail: `${counted.length} pod${counted.length === 1 ? '' : 's'} Running and ready, or Succeeded`,
    };
  return {
    check: CHECK,
    state: 'FAIL',
    detail: `${sick.length} of ${counted.length} not ready: ${listNames(sick)}`,
  };
}
