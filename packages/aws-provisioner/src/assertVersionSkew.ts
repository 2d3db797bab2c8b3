import type { AwsClients } from './AwsClients.js';
import { checkVersionSkew } from './checkVersionSkew.js';
import type { StackState } from './describeStackStatus.js';
import { versionFromTemplate } from './internal/versionFromTemplate.js';

/**
 * Refuses `wanted` when the version skew policy rules it out against the release the stack runs
 * (checkVersionSkew): its KubernetesVersion output or, when the stack returns no outputs (as moto
 * does), the output its deployed template declares. Nothing to check without a running stack.
 * @throws {ProvisionError} `VERSION_SKEW`.
 */
export async function assertVersionSkew(
  clients: Pick<AwsClients, 'cloudFormation'>,
  stackName: string,
  current: StackState | undefined,
  wanted: string,
  signal?: AbortSignal,
): Promise<void> {
  // No stack, one not yet made, or one whose creation failed: nothing runs to be skewed from.
  if (current === undefined || ['REVIEW_IN_PROGRESS', 'ROLLBACK_COMPLETE'].includes(current.status))
    return;
  const deployed =
    current.kubernetesVersion ??
    (current.status.endsWith('_COMPLETE')
      ? await versionFromTemplate(clients, stackName, signal)
      : undefined);
  checkVersionSkew(deployed, wanted);
}
