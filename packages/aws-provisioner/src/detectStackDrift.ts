import {
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackResourceDriftsCommand,
  DetectStackDriftCommand,
} from '@aws-sdk/client-cloudformation';
import type { StackResourceDrift } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from './AwsClients.js';
import { assertStackIdle } from './assertStackIdle.js';
import { assertStackOwner } from './assertStackOwner.js';
import { describeStackStatus } from './describeStackStatus.js';
import { ProvisionError } from './ProvisionError.js';
import { awsCall } from './internal/awsCall.js';
import { isAborted } from './internal/interrupted.js';
import { sleep } from './internal/sleep.js';

/** One property of a drifted resource that differs from what the template set. */
export interface PropertyDrift {
  /** The property's path, such as `/DesiredCapacity` or `/Tags/0/Value`. */
  readonly path: string;
  /** `ADD`, `REMOVE` or `NOT_EQUAL`. */
  readonly difference: string;
  readonly expected: string | undefined;
  readonly actual: string | undefined;
}

/** A resource of the stack that was changed outside CloudFormation, or deleted. */
export interface DriftedResource {
  readonly logicalId: string;
  readonly physicalId: string | undefined;
  readonly type: string;
  /** `MODIFIED` (its properties differ) or `DELETED` (it is gone). */
  readonly status: string;
  readonly properties: readonly PropertyDrift[];
}

/** What CloudFormation's drift detection found for the cluster's stack. */
export interface StackDrift {
  readonly stackName: string;
  /** CloudFormation's StackDriftStatus: `DRIFTED`, `IN_SYNC`, `UNKNOWN` or `NOT_CHECKED`. */
  readonly status: string;
  /** True when a resource differs from the template or is gone. */
  readonly drifted: boolean;
  /** The drifted resources, by logical id. Types CloudFormation cannot check are never here. */
  readonly resources: readonly DriftedResource[];
  /** Why some resources could not be checked (DETECTION_FAILED); undefined when all were. */
  readonly incomplete: string | undefined;
  readonly detectedAt: Date | undefined;
}

export interface DriftOptions {
  /** Stops waiting when aborted (`WAIT_INTERRUPTED`); the detection changes nothing either way. */
  readonly signal?: AbortSignal;
  /** @default 5000 */
  readonly pollMs?: number;
}

function toDrifted(drift: StackResourceDrift): DriftedResource {
  return {
    logicalId: drift.LogicalResourceId ?? '?',
    physicalId: drift.PhysicalResourceId,
    type: drift.ResourceType ?? '',
    status: drift.StackResourceDriftStatus ?? 'UNKNOWN',
    properties: (drift.PropertyDifferences ?? []).map((difference) => ({
      path: difference.PropertyPath ?? '',
      difference: difference.DifferenceType ?? 'NOT_EQUAL',
      expected: difference.ExpectedValue,
      actual: difference.ActualValue,
    })),
  };
}

/**
 * Runs CloudFormation's drift detection on the cluster's stack and returns the resources that were
 * changed outside CloudFormation or deleted, with each property that differs. Read-only: it
 * changes no resource (what `kube-aws diff --drift` and the action's `mode: drift` report).
 * @throws {ProvisionError} `STACK_NOT_FOUND`, `STACK_NOT_OWNED`, `STACK_BUSY`, `WAIT_INTERRUPTED`,
 *   `INTERRUPTED`, `NO_CREDENTIALS` or `AWS_ERROR`.
 */
export async function detectStackDrift(
  clients: Pick<AwsClients, 'cloudFormation'>,
  clusterName: string,
  options: DriftOptions = {},
): Promise<StackDrift> {
  const { signal } = options;
  const stackName = clusterName;
  const subject = `stack ${stackName}`;
  const interrupted = (cause: unknown) =>
    new ProvisionError(
      'WAIT_INTERRUPTED',
      `stopped waiting for the drift detection of ${stackName}; it changes nothing, and CloudFormation finishes it on its own`,
      { cause },
    );
  const current = await describeStackStatus(clients, stackName, signal);
  // A REVIEW_IN_PROGRESS stack is the shell of a plan, with no resources to drift.
  if (current === undefined || current.status === 'REVIEW_IN_PROGRESS')
    throw new ProvisionError(
      'STACK_NOT_FOUND',
      `there is no stack ${stackName}, so nothing can have drifted; create it with kube-aws up`,
    );
  assertStackOwner(current, stackName, clusterName);
  assertStackIdle(current, stackName);
  const abortable = signal === undefined ? {} : { abortSignal: signal };
  const call = async <T>(operation: string, send: () => Promise<T>): Promise<T> => {
    try {
      return await awsCall(operation, subject, send);
    } catch (error) {
      if (isAborted(signal)) throw interrupted(signal?.reason);
      throw error;
    }
  };
  const { StackDriftDetectionId: id } = await call('DetectStackDrift', () =>
    clients.cloudFormation.send(new DetectStackDriftCommand({ StackName: stackName }), abortable),
  );
  for (;;) {
    const detection = await call('DescribeStackDriftDetectionStatus', () =>
      clients.cloudFormation.send(
        new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: id }),
        abortable,
      ),
    );
    if (detection.DetectionStatus !== 'DETECTION_IN_PROGRESS') {
      const resources: DriftedResource[] = [];
      let next: string | undefined;
      do {
        const token = next;
        const page = await call('DescribeStackResourceDrifts', () =>
          clients.cloudFormation.send(
            new DescribeStackResourceDriftsCommand({
              StackName: stackName,
              StackResourceDriftStatusFilters: ['MODIFIED', 'DELETED'],
              ...(token === undefined ? {} : { NextToken: token }),
            }),
            abortable,
          ),
        );
        resources.push(...(page.StackResourceDrifts ?? []).map(toDrifted));
        next = page.NextToken;
      } while (next !== undefined);
      resources.sort((a, b) => a.logicalId.localeCompare(b.logicalId));
      const status = detection.StackDriftStatus ?? 'UNKNOWN';
      return {
        stackName,
        status,
        drifted: status === 'DRIFTED' || resources.length > 0,
        resources,
        incomplete:
          detection.DetectionStatus === 'DETECTION_FAILED'
            ? (detection.DetectionStatusReason ?? 'CloudFormation gave no reason')
            : undefined,
        detectedAt: detection.Timestamp,
      };
    }
    try {
      await sleep(options.pollMs ?? 5000, signal);
    } catch (error) {
      throw interrupted(error);
    }
  }
}
