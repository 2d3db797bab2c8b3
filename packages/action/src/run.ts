import * as core from '@actions/core';
import { actionIo } from './internal/actionIo.js';
import { beginRun } from './beginRun.js';
import type { Begun } from './beginRun.js';
import { reportFailure } from './internal/reportFailure.js';
import type { Outcome, RunState } from './internal/RunState.js';
import { sweepPlaintextSecrets } from './internal/sweepPlaintextSecrets.js';
import { writeSummary } from './internal/writeSummary.js';
import { readActionInputs } from './readActionInputs.js';

function setOutputs(outputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
}

/**
 * The action. Modes plan and deploy render the asset directory, seal the secrets with KMS and plan
 * a change set, then describe it on the pull request, or commit the assets and execute it; mode
 * drift reports what changed outside CloudFormation. Each mode is imported only when it runs.
 * Never throws: a failure fails the step, with annotations where it has a place.
 * @param begun the run's start, as the entry point made it before loading the rest; default:
 *   made here (the first log line is then printed now).
 */
export async function run(begun: Begun = beginRun(process.env)): Promise<void> {
  const { context, workspace, assetDirectory } = begun;
  const outcome: Outcome = {
    mode: begun.mode ?? 'plan',
    config: undefined,
    plan: undefined,
    rollPlan: [],
    drift: undefined,
    commit: undefined,
    outputs: {},
    events: [],
    failed: false,
  };
  const cancel = new AbortController();
  const removeSecrets = () => {
    const { removed, failed } = sweepPlaintextSecrets(assetDirectory);
    if (removed.length > 0)
      core.info(`Deleted ${removed.length} plaintext secrets from the runner (their .enc stay).`);
    if (failed.length > 0)
      core.warning(
        `Could not delete from the runner: ${failed.map((name) => `credentials/${name}`).join(', ')}`,
      );
  };
  const state: Omit<RunState, 'inputs' | 'io' | 'mode'> = {
    context,
    workspace,
    assetDirectory,
    outcome,
    signal: cancel.signal,
    abortable: false,
    root: workspace,
    describe: undefined,
    removeSecrets,
  };
  // A cancelled or timed-out job gets SIGINT, then SIGTERM, then SIGKILL (7.5 s and 2.5 s apart).
  // The plaintext keys go first, synchronously. From the plan until the change set is executed,
  // the signal aborts planDeployment or executeChangePlan, which delete the change set rather
  // than leave it (or run it); the run then ends through its finally. Anywhere else, or on a
  // second signal, nothing in AWS waits on the action, and it exits at once.
  let stoppedBy: NodeJS.Signals | undefined;
  const exitCode = (signal: NodeJS.Signals) => (signal === 'SIGINT' ? 130 : 143);
  const onSignal = (signal: NodeJS.Signals) => {
    sweepPlaintextSecrets(assetDirectory);
    if (state.abortable && stoppedBy === undefined) {
      stoppedBy = signal;
      core.warning(
        `Stopped by ${signal}: a change set not yet executed is deleted; a stack operation already started goes on in AWS.`,
      );
      cancel.abort(new Error(`stopped by ${signal}`));
      // Deleting the change set is one call; never outlast the runner's patience.
      setTimeout(() => process.exit(exitCode(signal)), 5000).unref();
      return;
    }
    core.warning(`Stopped by ${signal}; the stack operation, if one started, goes on in AWS.`);
    process.exit(exitCode(stoppedBy ?? signal));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    if (begun.mode === undefined) throw begun.error;
    const inputs = readActionInputs((name) => core.getInput(name));
    const io = actionIo(workspace, process.env);
    const running: RunState = Object.assign(state, { inputs, io, mode: begun.mode });
    if (begun.mode === 'drift') {
      // Drift detection reads the stack with CloudFormation alone: no renderer, PKI, KMS or git.
      // Nothing waits on it in AWS, so a signal exits at once.
      const { reportDrift } = await import('./internal/reportDrift.js');
      await reportDrift(running);
    } else {
      const { planAndApply } = await import('./internal/planAndApply.js');
      await planAndApply(running);
      outcome.outputs = await running.describe!();
    }
    setOutputs(outcome.outputs);
  } catch (error) {
    outcome.failed = true;
    reportFailure(error, state.root, assetDirectory);
    // A failed run still says what the stack is now, as far as AWS answers.
    if (state.describe !== undefined) {
      if (Object.keys(outcome.outputs).length === 0)
        outcome.outputs = await state.describe().catch(() => ({}));
      setOutputs(outcome.outputs);
    }
  } finally {
    state.abortable = false;
    removeSecrets();
    await writeSummary(outcome).catch((error: unknown) =>
      core.warning(`The job summary could not be written: ${String(error)}`),
    );
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (stoppedBy !== undefined) process.exit(exitCode(stoppedBy));
  }
}
