import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import * as github from '@actions/github';
import {
  describeCluster,
  hasReplacements,
  planDeployment,
  ProvisionError,
} from '@kube-aws/aws-provisioner';
import type { AwsClients, ChangePlan, StackEventLine } from '@kube-aws/aws-provisioner';
import {
  clientsFor,
  loadAssetConfig,
  openSealedCredentials,
  prepareDeployment,
  renderCredentialFiles,
  renderTemplateFiles,
  secretFileNames,
} from '@kube-aws/cli';
import type { ClusterConfig } from '@kube-aws/config-schema';
import { ActionError } from './ActionError.js';
import type { ActionMode } from './ActionInputs.js';
import { commitAssets } from './commitAssets.js';
import { formatPlanMarkdown } from './formatPlanMarkdown.js';
import { actionIo } from './internal/actionIo.js';
import { formatEventsMarkdown } from './internal/formatEventsMarkdown.js';
import { maskSecretFiles } from './internal/maskSecrets.js';
import { applyPlan } from './internal/applyPlan.js';
import { reportFailure } from './internal/reportFailure.js';
import { repositoryRoot } from './internal/repositoryRoot.js';
import { runtimeName } from './internal/runtimeName.js';
import { sweepPlaintextSecrets } from './internal/sweepPlaintextSecrets.js';
import { postPlanComment } from './postPlanComment.js';
import { readActionInputs } from './readActionInputs.js';
import { resolveMode } from './resolveMode.js';

/** What a run found out, for the outputs and the job summary. */
interface Outcome {
  mode: ActionMode;
  config: ClusterConfig | undefined;
  plan: ChangePlan | undefined;
  commit: string | undefined;
  outputs: Record<string, string>;
  events: StackEventLine[];
  failed: boolean;
}

function setOutputs(outputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
}

async function writeSummary(outcome: Outcome): Promise<void> {
  if ((process.env.GITHUB_STEP_SUMMARY ?? '') === '') return;
  const name = outcome.config?.clusterName ?? 'cluster';
  const summary = core.summary.addHeading(`kube-aws ${outcome.mode}: ${name}`, 2);
  if (outcome.plan !== undefined) summary.addRaw(formatPlanMarkdown(outcome.plan), true);
  if (outcome.commit !== undefined)
    summary.addRaw(`Committed the rendered, sealed assets as ${outcome.commit}.\n`, true);
  if (outcome.failed && outcome.events.length > 0) {
    summary.addHeading('Stack events', 3).addRaw(formatEventsMarkdown(outcome.events), true);
  }
  const outputs = Object.entries(outcome.outputs);
  if (outputs.length > 0) {
    summary.addHeading('Outputs', 3).addTable([
      [
        { data: 'Output', header: true },
        { data: 'Value', header: true },
      ],
      ...outputs.map(([key, value]) => [key, value]),
    ]);
  }
  await summary.write();
}

/** The outputs that describe the stack: `stack-status` (NONE without one) and its outputs. */
async function describeOutputs(
  clients: AwsClients,
  config: ClusterConfig,
): Promise<Record<string, string>> {
  const status = await describeCluster(clients, config.clusterName).catch((error: unknown) => {
    if (ProvisionError.is(error) && error.code === 'STACK_NOT_FOUND') return undefined;
    throw error;
  });
  // A plan's empty REVIEW_IN_PROGRESS stack is no stack yet.
  if (status === undefined || status.stackStatus === 'REVIEW_IN_PROGRESS')
    return { 'stack-status': 'NONE' };
  return {
    ...status.outputs,
    'stack-status': status.stackStatus,
    'controller-ip': status.controllerIP ?? '',
    'api-endpoint': status.apiEndpoint ?? `https://${config.externalDNSName}`,
  };
}

/**
 * The action: render the asset directory (opening the sealed secrets of earlier runs), seal the
 * secrets with KMS, plan a change set, and then, by mode, describe it on the pull request or commit
 * the assets and execute it. The same functions `kube-aws render` and `kube-aws update` call.
 * Never throws: a failure fails the step, with annotations where it has a place.
 */
export async function run(): Promise<void> {
  const env = process.env;
  const workspace = resolve(env.GITHUB_WORKSPACE ?? process.cwd());
  const outcome: Outcome = {
    mode: 'plan',
    config: undefined,
    plan: undefined,
    commit: undefined,
    outputs: {},
    events: [],
    failed: false,
  };
  let assetDirectory = workspace;
  let root = workspace;
  let described: (() => Promise<Record<string, string>>) | undefined;
  const removeSecrets = () => {
    const { removed, failed } = sweepPlaintextSecrets(assetDirectory);
    if (removed.length > 0)
      core.info(`Deleted ${removed.length} plaintext secrets from the runner (their .enc stay).`);
    if (failed.length > 0)
      core.warning(
        `Could not delete from the runner: ${failed.map((name) => `credentials/${name}`).join(', ')}`,
      );
  };
  // A cancelled or timed-out job gets SIGINT, then SIGTERM, then SIGKILL (7.5 s and 2.5 s apart).
  // The plaintext keys go first, synchronously. From the plan until the change set is executed,
  // the signal aborts planDeployment or executeChangePlan, which delete the change set rather
  // than leave it (or run it); the run then ends through its finally. Anywhere else, or on a
  // second signal, nothing in AWS waits on the action, and it exits at once.
  const cancel = new AbortController();
  let abortable = false;
  let stoppedBy: NodeJS.Signals | undefined;
  const exitCode = (signal: NodeJS.Signals) => (signal === 'SIGINT' ? 130 : 143);
  const onSignal = (signal: NodeJS.Signals) => {
    sweepPlaintextSecrets(assetDirectory);
    if (abortable && stoppedBy === undefined) {
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
    const inputs = readActionInputs((name) => core.getInput(name));
    const context = github.context;
    outcome.mode = resolveMode(inputs.mode, context);
    assetDirectory = resolve(workspace, inputs.workingDirectory);
    const io = actionIo(workspace, env);
    core.info(
      `kube-aws ${outcome.mode} (${context.eventName ?? 'no event'} ${context.ref ?? ''}) in ${assetDirectory} on ${runtimeName()}`,
    );
    if (
      !(await access(join(assetDirectory, 'cluster.yaml')).then(
        () => true,
        () => false,
      ))
    )
      throw new ActionError(
        'INPUT_INVALID',
        `there is no cluster.yaml in ${assetDirectory} (input working-directory: ${inputs.workingDirectory}); commit one made with kube-aws init`,
      );
    const loaded = await loadAssetConfig(assetDirectory, io);
    const config = inputs.s3Uri === '' ? loaded : { ...loaded, s3URI: inputs.s3Uri };
    outcome.config = config;
    if (inputs.awsRegion !== '' && inputs.awsRegion !== config.region)
      throw new ActionError(
        'INPUT_INVALID',
        `input aws-region is ${inputs.awsRegion}, but cluster.yaml's region is ${config.region}; the cluster lives in one region`,
      );
    const clients = clientsFor(config, io, undefined);
    described = () => describeOutputs(clients, config);
    root = await repositoryRoot(assetDirectory, workspace);
    const credentials = join(assetDirectory, 'credentials');

    await core.group('Render the asset directory', async () => {
      await openSealedCredentials(config, assetDirectory, clients, io);
      await renderCredentialFiles(
        config,
        assetDirectory,
        { forceRegenerate: [], allowCaReplacement: false, allowEncryptionKeyReplacement: false },
        io,
      );
      await maskSecretFiles(credentials, secretFileNames(config));
      await renderTemplateFiles(config, assetDirectory, false, io);
    });

    const deployment = await core.group('Seal the secrets with KMS and validate', () =>
      prepareDeployment(assetDirectory, io, {
        ...(inputs.s3Uri === '' ? {} : { s3URI: inputs.s3Uri }),
      }),
    );
    // Nothing after this needs a plaintext key: the runner drops them now, not at the end.
    removeSecrets();
    abortable = true;
    const plan = await core.group('Plan the change set', async () => {
      const planned = await planDeployment(clients, config, deployment.built, {
        signal: cancel.signal,
      });
      core.info(formatPlanMarkdown(planned));
      return planned;
    });
    outcome.plan = plan;
    setOutputs({
      'change-count': String(plan.changes.length),
      'has-replacements': String(hasReplacements(plan)),
    });

    const commit = async () => {
      if (!inputs.commitAssets) return;
      const result = await commitAssets({
        repositoryRoot: root,
        assetDirectory,
        config,
        message: inputs.commitMessage,
        ref: context.ref,
      });
      outcome.commit = result.commit;
      core.info(
        result.commit === undefined
          ? 'The assets in git are up to date; nothing to commit.'
          : `Committed and pushed ${result.files.length} asset files as ${result.commit}.`,
      );
      if (result.commit !== undefined) core.setOutput('assets-commit', result.commit);
    };
    await applyPlan({
      mode: outcome.mode,
      yesReplace: inputs.yesReplace,
      plan,
      clients,
      commit,
      io,
      onEvent: (event) => outcome.events.push(event),
      signal: cancel.signal,
    });
    abortable = false;

    if (outcome.mode === 'plan' && context.payload.pull_request !== undefined) {
      if (inputs.githubToken === '') {
        core.warning(
          'No github-token: the plan is in the job summary only, not on the pull request.',
        );
      } else {
        const body = `### kube-aws plan: \`${config.clusterName}\`\n\n${formatPlanMarkdown(plan)}\nFrom ${context.sha.slice(0, 12)}; nothing was changed. Merging deploys it.\n`;
        const number = context.payload.pull_request.number;
        // The plan itself worked; a comment GitHub refuses (a read-only token) is only a warning.
        await postPlanComment(
          github.getOctokit(inputs.githubToken),
          { ...context.repo, number },
          body,
        ).then(
          (done) => core.info(`Plan comment ${done} on pull request #${number}.`),
          (error: unknown) =>
            core.warning(
              `The plan could not be posted on pull request #${number} (it is in the job summary): ${error instanceof Error ? error.message : String(error)}`,
            ),
        );
      }
    }

    outcome.outputs = await describeOutputs(clients, config);
    setOutputs(outcome.outputs);
  } catch (error) {
    outcome.failed = true;
    reportFailure(error, root, assetDirectory);
    // A failed run still says what the stack is now, as far as AWS answers.
    if (described !== undefined) {
      outcome.outputs = await described().catch(() => ({}));
      setOutputs(outcome.outputs);
    }
  } finally {
    abortable = false;
    removeSecrets();
    await writeSummary(outcome).catch((error: unknown) =>
      core.warning(`The job summary could not be written: ${String(error)}`),
    );
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (stoppedBy !== undefined) process.exit(exitCode(stoppedBy));
  }
}
