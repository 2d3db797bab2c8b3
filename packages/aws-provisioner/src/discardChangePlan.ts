import { DeleteChangeSetCommand, DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from './AwsClients.js';
import { describeStackStatus } from './describeStackStatus.js';
import type { ChangePlan } from './planDeployment.js';
import { awsCall } from './internal/awsCall.js';

/** Deletes a change set that will not be executed, and the empty stack a CREATE change set made. */
export async function discardChangePlan(clients: AwsClients, plan: ChangePlan): Promise<void> {
  await awsCall('DeleteChangeSet', `stack ${plan.stackName}`, () =>
    clients.cloudFormation.send(
      new DeleteChangeSetCommand({ StackName: plan.stackName, ChangeSetName: plan.changeSetName }),
    ),
  ).catch(() => undefined);
  if (plan.type === 'CREATE') {
    const current = await describeStackStatus(clients, plan.stackName);
    if (current?.status === 'REVIEW_IN_PROGRESS')
      await awsCall('DeleteStack', `stack ${plan.stackName}`, () =>
        clients.cloudFormation.send(new DeleteStackCommand({ StackName: plan.stackName })),
      );
  }
}
