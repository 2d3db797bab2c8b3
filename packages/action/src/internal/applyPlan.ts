import * as core from '@actions/core';
import { discardChangePlan, executeChangePlan, hasReplacements } from '@kube-aws/aws-provisioner';
import type { AwsClients, ChangePlan, StackEventLine } from '@kube-aws/aws-provisioner';
import type { AssetIo } from '@kube-aws/asset-directory';
import { pollInterval, withProgress } from '@kube-aws/asset-directory';
import { ActionError } from '../ActionError.js';
import type { ActionMode } from '../ActionInputs.js';

export interface ApplyPlanOptions {
  readonly mode: Exclude<ActionMode, 'drift'>;
  readonly yesReplace: boolean;
  readonly plan: ChangePlan;
  readonly clients: AwsClients;
  /** Commits and pushes the assets (deploy mode); runs before anything is executed. */
  readonly commit: () => Promise<void>;
  readonly io: AssetIo;
  readonly onEvent: (event: StackEventLine) => void;
  /** The job's cancellation: before ExecuteChangeSet the change set is deleted and nothing runs. */
  readonly signal?: AbortSignal;
}

/**
 * Step 5. Plan mode: the change set was described; delete it. Deploy mode: refuse a replacement
 * unless yes-replace, then commit the assets (so what runs is what git holds, and a failed push
 * changes nothing), then execute the change set, printing its events.
 * @throws {ActionError} `REPLACEMENT_REFUSED` (the change set is deleted first).
 */
export async function applyPlan(options: ApplyPlanOptions): Promise<void> {
  const { mode, plan, clients, io } = options;
  if (plan.changes.length === 0 || mode === 'plan') {
    if (plan.changes.length > 0) await discardChangePlan(clients, plan);
    if (mode === 'deploy') await options.commit();
    return;
  }
  if (hasReplacements(plan) && !options.yesReplace) {
    await discardChangePlan(clients, plan);
    throw new ActionError(
      'REPLACEMENT_REFUSED',
      'the plan replaces resources (marked replace in the summary), which makes their nodes anew; set the input yes-replace: true to allow it, or apply it by hand with kube-aws update',
    );
  }
  try {
    await options.commit();
  } catch (error) {
    await discardChangePlan(clients, plan).catch(() => undefined);
    throw error;
  }
  const { warnings } = await withProgress(
    io,
    `${plan.type === 'CREATE' ? 'creating' : 'updating'} ${plan.stackName}`,
    (onEvent) =>
      executeChangePlan(clients, plan, {
        onEvent: (event) => (options.onEvent(event), onEvent(event)),
        pollMs: pollInterval(io),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      }),
  );
  for (const warning of warnings) core.warning(warning);
}
