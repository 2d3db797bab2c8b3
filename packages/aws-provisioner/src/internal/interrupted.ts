import type { AwsClients } from '../AwsClients.js';
import { discardChangePlan } from '../discardChangePlan.js';
import type { ChangePlan } from '../planDeployment.js';
import { ProvisionError } from '../ProvisionError.js';

/** Whether the signal has aborted by now (a function, so the compiler does not assume it cannot change). */
export function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/** An interrupt that came before kube-aws asked CloudFormation for any change. */
export function interruptedBeforeChanges(
  stackName: string,
  signal: AbortSignal | undefined,
): ProvisionError {
  return new ProvisionError(
    'INTERRUPTED',
    `interrupted before kube-aws changed anything: stack ${stackName} is as it was`,
    { cause: signal?.reason },
  );
}

/**
 * An interrupt that came after the change set was made and before it was executed: the change set
 * (and the empty stack of a CREATE) is deleted, so nothing is left behind. The signal has aborted
 * by now, so the deletion does not listen to it.
 */
export async function interruptedBeforeExecution(
  clients: AwsClients,
  plan: ChangePlan,
  signal: AbortSignal | undefined,
): Promise<ProvisionError> {
  const stopped = `interrupted before the change set ${plan.changeSetName} was executed: nothing ran, ${plan.type === 'CREATE' ? `no stack ${plan.stackName} was created` : `stack ${plan.stackName} is as it was`}`;
  try {
    await discardChangePlan(clients, plan);
    return new ProvisionError('INTERRUPTED', `${stopped}, and the change set is deleted`, {
      cause: signal?.reason,
    });
  } catch (error) {
    return new ProvisionError(
      'INTERRUPTED',
      `${stopped}, but the change set could not be deleted (${error instanceof Error ? error.message : String(error)}); delete it in the CloudFormation console`,
      { cause: error },
    );
  }
}
