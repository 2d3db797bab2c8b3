import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import type { Change } from '@aws-sdk/client-cloudformation';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { ClusterConfig } from '@kube-aws/config-schema';
import { LIMITS } from '@kube-aws/renderer';
import type { BuiltStack } from '@kube-aws/renderer';
import type { AwsClients } from './AwsClients.js';
import { ProvisionError } from './ProvisionError.js';
import { awsCall, sleep } from './internal/awsCall.js';

/** One planned change of a change set. */
export interface PlannedChange {
  readonly action: string;
  readonly logicalId: string;
  readonly type: string;
  /** `True` or `Conditional` when CloudFormation will replace the resource. */
  readonly replacement: string | undefined;
}

/** A change set, created and described but not executed. */
export interface ChangePlan {
  readonly stackName: string;
  readonly changeSetName: string;
  readonly type: 'CREATE' | 'UPDATE';
  /** Empty when the stack would not change; the change set is then already deleted. */
  readonly changes: readonly PlannedChange[];
}

/** What the stack is now: undefined when there is none. */
export async function describeStackStatus(
  clients: AwsClients,
  stackName: string,
): Promise<{ status: string; id: string; protected: boolean } | undefined> {
  try {
    const { Stacks } = await clients.cloudFormation.send(
      new DescribeStacksCommand({ StackName: stackName }),
    );
    const stack = Stacks?.[0];
    return stack === undefined
      ? undefined
      : {
          status: stack.StackStatus ?? 'UNKNOWN',
          id: stack.StackId ?? stackName,
          protected: stack.EnableTerminationProtection === true,
        };
  } catch (error) {
    if (/does not exist/.test(String(error))) return undefined;
    throw new ProvisionError(
      'AWS_ERROR',
      `AWS refused DescribeStacks for stack ${stackName}: ${String(error)}`,
      { cause: error },
    );
  }
}

function s3Parts(s3URI: string): { bucket: string; prefix: string } {
  const [bucket = '', ...rest] = s3URI.replace(/^s3:\/\//, '').split('/');
  return { bucket, prefix: rest.filter((part) => part !== '').join('/') };
}

/** Puts the nodes' cloud-configs (and, when too large to send, the template) in S3; returns the template's URL. */
async function upload(
  clients: AwsClients,
  config: ClusterConfig,
  built: BuiltStack,
): Promise<string | undefined> {
  for (const node of built.userdata) {
    if (node.upload === undefined) continue;
    const { bucket, key, body } = node.upload;
    await awsCall('s3:PutObject', config.clusterName, () =>
      clients.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: 'application/gzip',
        }),
      ),
    );
  }
  if (built.templateBodyBytes <= LIMITS.templateBody) return undefined;
  if (config.s3URI === undefined) {
    throw new ProvisionError(
      'TEMPLATE_TOO_LARGE',
      `the stack template is ${built.templateBodyBytes} bytes; CloudFormation takes at most ${LIMITS.templateBody} bytes inline. Set s3URI in cluster.yaml (s3://bucket/prefix) so kube-aws uploads it and deploys it by TemplateURL`,
    );
  }
  const { bucket, prefix } = s3Parts(config.s3URI);
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(built.templateBody)),
  );
  const hash = [...digest.subarray(0, 8)]
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('');
  const key = `${prefix === '' ? '' : `${prefix}/`}${config.clusterName}/stack-template-${hash}.json`;
  await awsCall('s3:PutObject', config.clusterName, () =>
    clients.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: built.templateBody,
        ContentType: 'application/json',
      }),
    ),
  );
  return `https://${bucket}.s3.${config.region}.amazonaws.com/${key}`;
}

function toPlanned(change: Change): PlannedChange {
  const resource = change.ResourceChange;
  return {
    action: resource?.Action ?? 'Dynamic',
    logicalId: resource?.LogicalResourceId ?? '?',
    type: resource?.ResourceType ?? '',
    replacement: resource?.Replacement,
  };
}

/**
 * Creates a change set for the built stack (CREATE when there is no stack, else UPDATE) and
 * describes it, uploading to s3URI first what must be there. Executes nothing.
 * @throws {ProvisionError} `STACK_ROLLED_BACK`, `TEMPLATE_TOO_LARGE`, `STACK_FAILED` or `AWS_ERROR`.
 */
export async function planDeployment(
  clients: AwsClients,
  config: ClusterConfig,
  built: BuiltStack,
  now: Date = new Date(),
): Promise<ChangePlan> {
  const stackName = config.clusterName;
  const current = await describeStackStatus(clients, stackName);
  if (current?.status === 'ROLLBACK_COMPLETE') {
    throw new ProvisionError(
      'STACK_ROLLED_BACK',
      `stack ${stackName} is in ROLLBACK_COMPLETE: its creation failed and CloudFormation can only delete it. Run kube-aws up --recreate to delete it and create it again`,
    );
  }
  if (
    current !== undefined &&
    current.status !== 'REVIEW_IN_PROGRESS' &&
    current.status.endsWith('_IN_PROGRESS')
  ) {
    throw new ProvisionError(
      'STACK_FAILED',
      `stack ${stackName} is busy (${current.status}); wait for it with kube-aws status, then try again`,
    );
  }
  const type =
    current === undefined || current.status === 'REVIEW_IN_PROGRESS' ? 'CREATE' : 'UPDATE';
  const templateUrl = await upload(clients, config, built);
  const changeSetName = `kube-aws-${now
    .toISOString()
    .replace(/[^0-9]/g, '')
    .slice(0, 14)}`;
  const tags = [
    ...Object.entries(config.stackTags).map(([Key, Value]) => ({ Key, Value })),
    { Key: 'kube-aws:cluster', Value: stackName },
  ];
  await awsCall('CreateChangeSet', stackName, () =>
    clients.cloudFormation.send(
      new CreateChangeSetCommand({
        StackName: stackName,
        ChangeSetName: changeSetName,
        ChangeSetType: type,
        ...(templateUrl === undefined
          ? { TemplateBody: built.templateBody }
          : { TemplateURL: templateUrl }),
        Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
        Tags: tags,
      }),
    ),
  );
  for (let attempt = 0; ; attempt++) {
    const described = await awsCall('DescribeChangeSet', stackName, () =>
      clients.cloudFormation.send(
        new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }),
      ),
    );
    if (described.Status === 'CREATE_COMPLETE') {
      const changes = [...(described.Changes ?? [])];
      let next = described.NextToken;
      while (next !== undefined) {
        const page = await awsCall('DescribeChangeSet', stackName, () =>
          clients.cloudFormation.send(
            new DescribeChangeSetCommand({
              StackName: stackName,
              ChangeSetName: changeSetName,
              NextToken: next,
            }),
          ),
        );
        changes.push(...(page.Changes ?? []));
        next = page.NextToken;
      }
      return { stackName, changeSetName, type, changes: changes.map(toPlanned) };
    }
    if (described.Status === 'FAILED') {
      const reason = described.StatusReason ?? 'no reason given';
      if (/didn't contain changes|No updates are to be performed|no changes/i.test(reason)) {
        await discardChangePlan(clients, { stackName, changeSetName, type, changes: [] });
        return { stackName, changeSetName, type, changes: [] };
      }
      throw new ProvisionError(
        'STACK_FAILED',
        `CloudFormation could not plan the change to ${stackName}: ${reason}`,
      );
    }
    if (attempt > 240)
      throw new ProvisionError(
        'STACK_FAILED',
        `the change set for ${stackName} was still ${described.Status} after 20 minutes`,
      );
    await sleep(Math.min(500 * 2 ** attempt, 5000));
  }
}

/** Deletes a change set that will not be executed, and the empty stack a CREATE change set made. */
export async function discardChangePlan(clients: AwsClients, plan: ChangePlan): Promise<void> {
  await awsCall('DeleteChangeSet', plan.stackName, () =>
    clients.cloudFormation.send(
      new DeleteChangeSetCommand({ StackName: plan.stackName, ChangeSetName: plan.changeSetName }),
    ),
  ).catch(() => undefined);
  if (plan.type === 'CREATE') {
    const current = await describeStackStatus(clients, plan.stackName);
    if (current?.status === 'REVIEW_IN_PROGRESS')
      await awsCall('DeleteStack', plan.stackName, () =>
        clients.cloudFormation.send(new DeleteStackCommand({ StackName: plan.stackName })),
      );
  }
}
