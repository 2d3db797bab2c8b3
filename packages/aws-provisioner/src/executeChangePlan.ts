import {
  ExecuteChangeSetCommand,
  UpdateTerminationProtectionCommand,
} from '@aws-sdk/client-cloudformation';
import type { AwsClients } from './AwsClients.js';
import type { ChangePlan } from './planDeployment.js';
import { ProvisionError } from './ProvisionError.js';
import { discardChangePlan } from './discardChangePlan.js';
import { awsCall } from './internal/awsCall.js';
import { interruptedBeforeExecution, isAborted } from './internal/interrupted.js';
import { existingEventIds, rootCause, watchStackEvents } from './watchStackEvents.js';
import type { StackEventLine } from './watchStackEvents.js';

export interface ExecuteOptions {
  readonly onEvent: (event: StackEventLine) => void;
  /**
   * Ctrl-C. Aborted before ExecuteChangeSet, the change set is deleted and nothing runs
   * (`INTERRUPTED`); aborted after it, only the watching stops (`WAIT_INTERRUPTED`).
   */
  readonly signal?: AbortSignal;
  /** @default 5000 */
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
 * The signal is checked last thing before ExecuteChangeSet, which is never sent after an interrupt.
 * @throws {ProvisionError} `STACK_FAILED`, `STACK_BUSY` (the change set is deleted), `INTERRUPTED`
 *   or `WAIT_INTERRUPTED`.
 */
export async function executeChangePlan(
  clients: AwsClients,
  plan: ChangePlan,
  options: ExecuteOptions,
): Promise<{ status: string; warnings: string[] }> {
  const { signal } = options;
  const existing = await existingEventIds(clients, plan.stackName, signal);
  if (isAborted(signal)) throw await interruptedBeforeExecution(clients, plan, signal);
  try {
    // Not abortable once sent: whether CloudFormation started would be unknown.
    await awsCall('ExecuteChangeSet', `stack ${plan.stackName}`, () =>
      clients.cloudFormation.send(
        new ExecuteChangeSetCommand({
          StackName: plan.stackName,
          ChangeSetName: plan.changeSetName,
        }),
      ),
    );
  } catch (error) {
    // Another operation started after the plan: this change set will not run, so it goes.
    if (ProvisionError.is(error) && error.code === 'STACK_BUSY')
      await discardChangePlan(clients, plan).catch(() => undefined);
    throw error;
  }
  const { status, events } = await watchStackEvents(clients, plan.stackName, {
    existing,
    onEvent: options.onEvent,
    ...(signal === undefined ? {} : { signal }),
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
      await awsCall('UpdateTerminationProtection', `stack ${plan.stackName}`, () =>
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
