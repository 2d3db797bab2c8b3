import type { ChangePlan, StackDrift, StackEventLine } from '@kube-aws/aws-provisioner';
import type { AssetIo } from '@kube-aws/asset-directory';
import type { ClusterConfig } from '@kube-aws/config-schema';
import type { ActionInputs, ActionMode } from '../ActionInputs.js';
import type { RunContext } from '../readEventContext.js';

/** What a run found out, for the outputs and the job summary. */
export interface Outcome {
  readonly mode: ActionMode;
  config: ClusterConfig | undefined;
  plan: ChangePlan | undefined;
  /** formatRollPlan's lines for the plan: which nodes roll, in which order. */
  rollPlan: string[];
  drift: StackDrift | undefined;
  commit: string | undefined;
  /** The outputs that describe the stack (describeOutputs). */
  outputs: Record<string, string>;
  events: StackEventLine[];
  failed: boolean;
}

/** One run, as its mode (plan and deploy, or drift) sees it and tells the rest. */
export interface RunState {
  readonly inputs: ActionInputs;
  readonly context: RunContext;
  readonly mode: ActionMode;
  readonly workspace: string;
  readonly assetDirectory: string;
  readonly io: AssetIo;
  readonly outcome: Outcome;
  /** The job's cancellation (SIGINT, SIGTERM), while `abortable`. */
  readonly signal: AbortSignal;
  /** From the plan until the change set runs: a signal then deletes the change set, not exits. */
  abortable: boolean;
  /** The git work tree holding the asset directory; annotation paths are relative to it. */
  root: string;
  /** Describes the stack for the outputs, once there are clients, so a failed run can too. */
  describe: (() => Promise<Record<string, string>>) | undefined;
  /** Deletes the plaintext secrets from the runner (as soon as sealing is done). */
  readonly removeSecrets: () => void;
}
