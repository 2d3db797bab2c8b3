import {
  ExecuteChangeSetCommand,
  UpdateTerminationProtectionCommand,
} from '@aws-sdk/client-cloudformation';
import type { AwsClients } from './AwsClients.js';
import type { ChangePlan } from './planDeployment.js';
import { ProvisionError } from './ProvisionError.js';
import { awsCall } from './internal/awsCall.js';
import { existingEventIds, rootCause, watchStackEvents } from './watchStackEvents.js';
import type { StackEventLine } from './watchStackEvents.js';

export interface ExecuteOptions {
  readonly onEvent: (event: StackEventLine) => void;
  readonly signal?: AbortSignal;
  readonly pollMs?: number;
}

/** `CREATE_FAILED: InstanceController0 (AWS::EC2::Instance): reason`. */
export function describeFailure(event: StackEventLine | undefined, status: string): string {
  if (event === undefined) return `the stack ended in ${status}`;
  return `${event.status}: ${event.resource} (${event.type}): ${event.reason ?? 'no reason given'}`;
}

/**
 * Executes a planned change set and follows the stack's events until it settles; a new stack gets
 * termination protection. A failure names its root cause, not the cancellations that followed it.
 * @throws {ProvisionError} `STACK_FAILED` or `WAIT_INTERRUPTED`.
 */
export async function executeChangePlan(
  clients: AwsClients,
  plan: ChangePlan,
  options: ExecuteOptions,
): Promise<{ status: string; warnings: string[] }> {
  const existing = await existingEventIds(clients, plan.stackName);
  await awsCall('ExecuteChangeSet', plan.stackName, () =>
    clients.cloudFormation.send(
      new ExecuteChangeSetCommand({ StackName: plan.stackName, ChangeSetName: plan.changeSetName }),
    ),
  );
  const { status, events } = await watchStackEvents(clients, plan.stackName, {
    existing,
    onEvent: options.onEvent,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
  const wanted = plan.type === 'CREATE' ? 'CREATE_COMPLETE' : 'UPDATE_COMPLETE';
  if (status !== wanted) {
    const advice =
      status === 'ROLLBACK_COMPLETE'
        ? ' The stack rolled back; fix the cause, then run kube-aws up --recreate.'
        : status === 'UPDATE_ROLLBACK_COMPLETE'
          ? ' The update was rolled back; the cluster runs as before.'
          : '';
    throw new ProvisionError(
      'STACK_FAILED',
      `${plan.stackName} ended in ${status}. Root cause: ${describeFailure(rootCause(events), status)}.${advice}`,
    );
  }
  const warnings: string[] = [];
  if (plan.type === 'CREATE') {
    try {
      await awsCall('UpdateTerminationProtection', plan.stackName, () =>
        clients.cloudFormation.send(
          new UpdateTerminationProtectionCommand({
            StackName: plan.stackName,
            EnableTerminationProtection: true,
          }),
        ),
      );
    } catch (error) {
      // The cluster exists and works; only the safety catch is missing, so say so instead of failing.
      warnings.push(
        `termination protection could not be turned on (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); turn it on in the CloudFormation console`,
      );
    }
  }
  return { status, warnings };
}
