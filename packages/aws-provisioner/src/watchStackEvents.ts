import { DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from './AwsClients.js';
import { ProvisionError } from './ProvisionError.js';
import { awsFailure } from './awsFailure.js';
import { isThrottling } from './internal/awsCall.js';
import { isAborted } from './internal/interrupted.js';
import { sleep } from './internal/sleep.js';

/** One stack event, as kube-aws prints it. */
export interface StackEventLine {
  readonly id: string;
  readonly time: Date;
  readonly resource: string;
  readonly type: string;
  readonly status: string;
  readonly reason: string | undefined;
}

export interface WatchOptions {
  /**
   * Ids of the events that were there before this operation (see existingEventIds); they are not
   * shown. Ids, not times: the local clock may differ from AWS's.
   */
  readonly existing: ReadonlySet<string>;
  readonly onEvent: (event: StackEventLine) => void;
  /** Stops the wait (not the stack) when aborted. */
  readonly signal?: AbortSignal;
  /** @default 5000 */
  readonly pollMs?: number;
  /** For a stack id after deletion: DescribeStacks by id still answers. */
  readonly stackId?: string;
}

const CASCADE =
  /cancelled|canceled|Resource creation cancelled|Resource update cancelled|The following resource\(s\) failed/i;

/** The first failure whose reason is its own, not the cascade of cancellations it caused. */
export function rootCause(events: readonly StackEventLine[]): StackEventLine | undefined {
  const failures = events
    .filter((event) => event.status.endsWith('_FAILED'))
    .sort((a, b) => a.time.getTime() - b.time.getTime());
  return (
    failures.find((event) => event.reason !== undefined && !CASCADE.test(event.reason)) ??
    failures[0]
  );
}

function toLine(event: StackEvent): StackEventLine {
  return {
    id:
      event.EventId ??
      `${event.LogicalResourceId}-${event.ResourceStatus}-${String(event.Timestamp)}`,
    time: event.Timestamp ?? new Date(0),
    resource: event.LogicalResourceId ?? '?',
    type: event.ResourceType ?? '',
    status: event.ResourceStatus ?? '',
    reason: event.ResourceStatusReason,
  };
}

/**
 * The ids of a stack's events so far (none when there is no stack, or when the signal aborted the
 * call), to tell later events apart.
 */
export async function existingEventIds(
  clients: AwsClients,
  stackName: string,
  signal?: AbortSignal,
): Promise<Set<string>> {
  try {
    const { StackEvents } = await clients.cloudFormation.send(
      new DescribeStackEventsCommand({ StackName: stackName }),
      signal === undefined ? {} : { abortSignal: signal },
    );
    return new Set((StackEvents ?? []).map((event) => toLine(event).id));
  } catch {
    return new Set();
  }
}

/**
 * Follows a stack until its status settles: each new event once, in time order. A poll the SDK
 * could not get past throttling (after its own retries) slows the polling down instead of failing:
 * the stack goes on either way. Returns the final status and every event seen.
 * @throws {ProvisionError} `WAIT_INTERRUPTED` as soon as the signal aborts, during a call or
 *   between polls; the stack operation goes on. `AWS_ERROR` when AWS refuses.
 */
export async function watchStackEvents(
  clients: AwsClients,
  stackName: string,
  options: WatchOptions,
): Promise<{ status: string; events: StackEventLine[] }> {
  const seen = new Set<string>();
  const events: StackEventLine[] = [];
  let delay = options.pollMs ?? 5000;
  const target = options.stackId ?? stackName;
  const { signal } = options;
  const abortable = signal === undefined ? {} : { abortSignal: signal };
  const interrupted = () =>
    new ProvisionError(
      'WAIT_INTERRUPTED',
      `stopped watching ${stackName}; CloudFormation carries on. Run kube-aws status to see where it is.`,
      { cause: signal?.reason },
    );
  for (;;) {
    if (isAborted(signal)) throw interrupted();
    try {
      const { StackEvents } = await clients.cloudFormation.send(
        new DescribeStackEventsCommand({ StackName: target }),
        abortable,
      );
      const fresh = (StackEvents ?? [])
        .map(toLine)
        .filter((event) => !seen.has(event.id) && !options.existing.has(event.id));
      fresh.sort((a, b) => a.time.getTime() - b.time.getTime() || a.id.localeCompare(b.id));
      for (const event of fresh) {
        seen.add(event.id);
        events.push(event);
        options.onEvent(event);
      }
      const { Stacks } = await clients.cloudFormation.send(
        new DescribeStacksCommand({ StackName: target }),
        abortable,
      );
      const status = Stacks?.[0]?.StackStatus ?? 'UNKNOWN';
      if (!status.endsWith('_IN_PROGRESS')) return { status, events };
      delay = options.pollMs ?? 5000;
    } catch (error) {
      if (isAborted(signal)) throw interrupted();
      if (!isThrottling(error)) {
        if (/does not exist/.test(String(error))) return { status: 'DELETE_COMPLETE', events };
        throw awsFailure('DescribeStackEvents', `stack ${stackName}`, error);
      }
      delay = Math.min(delay * 2, 30_000);
    }
    try {
      await sleep(delay, signal);
    } catch {
      throw interrupted();
    }
  }
}
