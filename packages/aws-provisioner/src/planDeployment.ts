import { CreateChangeSetCommand, DescribeChangeSetCommand } from '@aws-sdk/client-cloudformation';
import type { Change, ResourceChangeDetail } from '@aws-sdk/client-cloudformation';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { ClusterConfig } from '@kube-aws/config-schema';
import { LIMITS } from '@kube-aws/renderer';
import type { BuiltStack } from '@kube-aws/renderer';
import type { AwsClients } from './AwsClients.js';
import { assertStackIdle } from './assertStackIdle.js';
import { assertStackOwner } from './assertStackOwner.js';
import { assertVersionSkew } from './assertVersionSkew.js';
import { CLUSTER_TAG, describeStackStatus } from './describeStackStatus.js';
import { discardChangePlan } from './discardChangePlan.js';
import { ProvisionError } from './ProvisionError.js';
import { awsCall } from './internal/awsCall.js';
import {
  interruptedBeforeChanges,
  interruptedBeforeExecution,
  isAborted,
} from './internal/interrupted.js';
import { sleep } from './internal/sleep.js';

/** One attribute of a resource that a change touches: DescribeChangeSet's ResourceChange.Details. */
export interface PlannedPropertyChange {
  /** What changes: `Properties`, `Metadata`, `Tags`, `UpdatePolicy`, … (Target.Attribute). */
  readonly attribute: string;
  /** The property for attribute `Properties`, such as `DesiredCapacity` (Target.Name). */
  readonly name: string | undefined;
  /** Whether the change makes the resource anew: `Never`, `Conditionally` or `Always`. */
  readonly requiresRecreation: string | undefined;
  /**
   * Why it changes: `DirectModification` (the template), `ParameterReference`,
   * `ResourceReference`, `ResourceAttribute` or `Automatic`.
   */
  readonly changeSource: string | undefined;
  /** The parameter or resource attribute behind a reference, such as `EIPController0`. */
  readonly causingEntity: string | undefined;
  /** `Static` when known now; `Dynamic` when CloudFormation knows only while executing. */
  readonly evaluation: string | undefined;
  /** The value before and after, as CloudFormation gives them (it may shorten large ones). */
  readonly before: string | undefined;
  readonly after: string | undefined;
}

/** One planned change of a change set. */
export interface PlannedChange {
  readonly action: string;
  readonly logicalId: string;
  readonly type: string;
  /** `True` or `Conditional` when CloudFormation will replace the resource. */
  readonly replacement: string | undefined;
  /** The resource's physical id, for a modification or removal. */
  readonly physicalId?: string | undefined;
  /** What the change touches, attribute by attribute; empty for adds and removes. */
  readonly details?: readonly PlannedPropertyChange[];
}

/** A change set, created and described but not executed. */
export interface ChangePlan {
  readonly stackName: string;
  readonly changeSetName: string;
  readonly type: 'CREATE' | 'UPDATE';
  /** Empty when the stack would not change; the change set is then already deleted. */
  readonly changes: readonly PlannedChange[];
}

export interface PlanOptions {
  /** Names the change set (`kube-aws-<UTC time>`). @default new Date() */
  readonly now?: Date;
  /**
   * Stops planning when aborted (Ctrl-C): before the change set is made nothing is sent, after it
   * the change set is deleted; either way the error is `INTERRUPTED`.
   */
  readonly signal?: AbortSignal;
  /**
   * A plan that writes nothing (`kube-aws diff`, the action's plan): nothing is uploaded. The
   * nodes' cloud-configs are named by content, so the change set needs them only once it runs;
   * a template too large to send inline must already be in S3, else `TEMPLATE_TOO_LARGE`.
   */
  readonly readOnly?: boolean;
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
  readOnly: boolean,
): Promise<string | undefined> {
  for (const node of built.userdata) {
    if (node.upload === undefined || readOnly) continue;
    const { bucket, key, body } = node.upload;
    await awsCall('s3:PutObject', `stack ${config.clusterName}`, () =>
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
  const url = `https://${bucket}.s3.${config.region}.amazonaws.com/${key}`;
  if (readOnly) {
    const found = await clients.s3
      .send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
      .then(() => true)
      .catch(() => false);
    if (found) return url;
    throw new ProvisionError(
      'TEMPLATE_TOO_LARGE',
      `the stack template is ${built.templateBodyBytes} bytes, over CloudFormation's ${LIMITS.templateBody}-byte inline limit, so CloudFormation plans it only from S3, and a read-only plan uploads nothing. Run kube-aws diff --upload to put it at s3://${bucket}/${key} first`,
    );
  }
  await awsCall('s3:PutObject', `stack ${config.clusterName}`, () =>
    clients.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: built.templateBody,
        ContentType: 'application/json',
      }),
    ),
  );
  return url;
}

function toPropertyChange(detail: ResourceChangeDetail): PlannedPropertyChange {
  const target = detail.Target;
  return {
    attribute: target?.Attribute ?? 'Properties',
    name: target?.Name,
    requiresRecreation: target?.RequiresRecreation,
    changeSource: detail.ChangeSource,
    causingEntity: detail.CausingEntity,
    evaluation: detail.Evaluation,
    before: target?.BeforeValue,
    after: target?.AfterValue,
  };
}

function toPlanned(change: Change): PlannedChange {
  const resource = change.ResourceChange;
  return {
    action: resource?.Action ?? 'Dynamic',
    logicalId: resource?.LogicalResourceId ?? '?',
    type: resource?.ResourceType ?? '',
    replacement: resource?.Replacement,
    physicalId: resource?.PhysicalResourceId,
    details: (resource?.Details ?? []).map(toPropertyChange),
  };
}

/**
 * Creates a change set for the built stack (CREATE when there is no stack, else UPDATE) and
 * describes it, uploading to s3URI first what must be there. Executes nothing. An existing stack
 * must carry this cluster's `kube-aws:cluster` tag and be idle.
 * @throws {ProvisionError} `STACK_NOT_OWNED`, `STACK_ROLLED_BACK`, `STACK_BUSY`, `TEMPLATE_TOO_LARGE`,
 *   `STACK_FAILED`, `INTERRUPTED`, `NO_CREDENTIALS` or `AWS_ERROR`.
 */
export async function planDeployment(
  clients: AwsClients,
  config: ClusterConfig,
  built: BuiltStack,
  options: PlanOptions = {},
): Promise<ChangePlan> {
  const { signal } = options;
  const stackName = config.clusterName;
  if (isAborted(signal)) throw interruptedBeforeChanges(stackName, signal);
  const current = await describeStackStatus(clients, stackName, signal);
  if (current !== undefined) {
    assertStackOwner(current, stackName, config.clusterName);
    if (current.status === 'ROLLBACK_COMPLETE') {
      throw new ProvisionError(
        'STACK_ROLLED_BACK',
        `stack ${stackName} is in ROLLBACK_COMPLETE: its creation failed and CloudFormation can only delete it. Run kube-aws up --recreate to delete it and create it again`,
      );
    }
    assertStackIdle(current, stackName);
    await assertVersionSkew(clients, stackName, current, config.kubernetesVersion, signal);
  }
  const type =
    current === undefined || current.status === 'REVIEW_IN_PROGRESS' ? 'CREATE' : 'UPDATE';
  const templateUrl = await upload(clients, config, built, options.readOnly === true);
  if (isAborted(signal)) throw interruptedBeforeChanges(stackName, signal);
  const changeSetName = `kube-aws-${(options.now ?? new Date())
    .toISOString()
    .replace(/[^0-9]/g, '')
    .slice(0, 14)}`;
  const tags = [
    ...Object.entries(config.stackTags).map(([Key, Value]) => ({ Key, Value })),
    { Key: CLUSTER_TAG, Value: config.clusterName },
  ];
  // Not abortable once sent: whether CloudFormation made the change set would be unknown.
  await awsCall('CreateChangeSet', `stack ${stackName}`, () =>
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
  const made: ChangePlan = { stackName, changeSetName, type, changes: [] };
  try {
    return await describePlan(clients, made, signal);
  } catch (error) {
    if (isAborted(signal)) throw await interruptedBeforeExecution(clients, made, signal);
    throw error;
  }
}

/** Waits for the change set to be planned and reads its changes, every page. */
async function describePlan(
  clients: AwsClients,
  plan: ChangePlan,
  signal: AbortSignal | undefined,
): Promise<ChangePlan> {
  const { stackName, changeSetName } = plan;
  const abortable = signal === undefined ? {} : { abortSignal: signal };
  for (let attempt = 0; ; attempt++) {
    const described = await awsCall('DescribeChangeSet', `stack ${stackName}`, () =>
      clients.cloudFormation.send(
        new DescribeChangeSetCommand({
          StackName: stackName,
          ChangeSetName: changeSetName,
          // Before and after values, for the pull-request comment (formatPlanMarkdown).
          IncludePropertyValues: true,
        }),
        abortable,
      ),
    );
    if (described.Status === 'CREATE_COMPLETE') {
      const changes = [...(described.Changes ?? [])];
      let next = described.NextToken;
      while (next !== undefined) {
        const page = await awsCall('DescribeChangeSet', `stack ${stackName}`, () =>
          clients.cloudFormation.send(
            new DescribeChangeSetCommand({
              StackName: stackName,
              ChangeSetName: changeSetName,
              IncludePropertyValues: true,
              NextToken: next,
            }),
            abortable,
          ),
        );
        changes.push(...(page.Changes ?? []));
        next = page.NextToken;
      }
      return { ...plan, changes: changes.map(toPlanned) };
    }
    if (described.Status === 'FAILED') {
      const reason = described.StatusReason ?? 'no reason given';
      if (/didn't contain changes|No updates are to be performed|no changes/i.test(reason)) {
        await discardChangePlan(clients, plan);
        return plan;
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
    await sleep(Math.min(500 * 2 ** attempt, 5000), signal);
  }
}
