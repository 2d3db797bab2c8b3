import { join } from 'node:path';
import * as core from '@actions/core';
import {
  formatChangePlan,
  formatRollPlan,
  hasReplacements,
  planDeployment,
} from '@kube-aws/aws-provisioner';
import type { ChangePlan } from '@kube-aws/aws-provisioner';
import {
  clientsFor,
  openSealedCredentials,
  prepareDeployment,
  renderCredentialFiles,
  renderTemplateFiles,
  secretFileNames,
} from '@kube-aws/asset-directory';
import type { ClusterConfig } from '@kube-aws/config-schema';
import { commitAssets } from '../commitAssets.js';
import { formatPlanComment } from '../formatPlanComment.js';
import { postPlanComment } from '../postPlanComment.js';
import { applyPlan } from './applyPlan.js';
import { describeOutputs } from './describeOutputs.js';
import { loadActionConfig } from './loadActionConfig.js';
import { maskSecretFiles } from './maskSecrets.js';
import { repositoryRoot } from './repositoryRoot.js';
import type { RunState } from './RunState.js';

/** Posts the plan on the pull request; a comment GitHub refuses is only a warning. */
async function commentOnPullRequest(
  state: RunState,
  config: ClusterConfig,
  plan: ChangePlan,
): Promise<void> {
  const { context, inputs } = state;
  const number = context.payload.pull_request?.number;
  if (state.mode !== 'plan' || number === undefined) return;
  if (inputs.githubToken === '' || context.repo === undefined) {
    core.warning('No github-token: the plan is in the job summary only, not on the pull request.');
    return;
  }
  const body = formatPlanComment(plan, {
    heading: `### kube-aws plan: \`${config.clusterName}\``,
    footer: `From ${context.sha.slice(0, 12)}; nothing was changed. ${plan.changes.length === 0 ? 'The stack already matches it.' : 'Merging deploys it.'}`,
    runUrl: context.runUrl,
    rollPlan: state.outcome.rollPlan,
  });
  // Loaded only here: the HTTP client is needed for nothing else.
  const { getOctokit } = await import('@actions/github');
  // The plan itself worked; a comment GitHub refuses (a read-only token) is only a warning.
  await postPlanComment(getOctokit(inputs.githubToken), { ...context.repo, number }, body).then(
    (done) => core.info(`Plan comment ${done} on pull request #${number}.`),
    (error: unknown) =>
      core.warning(
        `The plan could not be posted on pull request #${number} (it is in the job summary): ${error instanceof Error ? error.message : String(error)}`,
      ),
  );
}

/**
 * Modes plan and deploy. Plan: render in memory from what git holds, plan a change set and
 * describe it on the pull request, writing, sealing and uploading nothing (as `kube-aws diff`).
 * Deploy: render the asset directory (opening the sealed secrets of earlier runs), seal the
 * secrets with KMS, plan, commit the assets and execute the change set (as `kube-aws render` and
 * `kube-aws update`).
 */
export async function planAndApply(state: RunState): Promise<void> {
  const { inputs, context, assetDirectory, io, outcome } = state;
  const config = await loadActionConfig(state);
  const clients = clientsFor(config, io, undefined);
  state.describe = () => describeOutputs(clients, config);
  state.root = await repositoryRoot(assetDirectory, state.workspace);
  const credentials = join(assetDirectory, 'credentials');

  // A plan (ADR 0017) writes, seals and uploads nothing: it plans from the committed certificates
  // and ciphertext, and calls KMS Decrypt only when a certificate must be issued, in memory. So
  // the role pull requests assume needs no kms:Decrypt. A deploy renders and seals to disk, to
  // commit what it deploys.
  const readOnly = state.mode === 'plan';
  if (!readOnly)
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

  const deployment = await core.group(
    readOnly ? 'Render in memory and validate' : 'Seal the secrets with KMS and validate',
    () =>
      prepareDeployment(assetDirectory, io, {
        config,
        readOnly,
        ...(inputs.s3Uri === '' ? {} : { s3URI: inputs.s3Uri }),
      }),
  );
  // Nothing after this needs a plaintext key: the runner drops them now, not at the end.
  state.removeSecrets();
  state.abortable = true;
  const plan = await core.group('Plan the change set', async () => {
    const planned = await planDeployment(clients, config, deployment.built, {
      signal: state.signal,
      readOnly,
    });
    for (const line of formatChangePlan(planned, false)) core.info(line);
    outcome.rollPlan = formatRollPlan(planned, config);
    for (const line of outcome.rollPlan) core.info(line);
    return planned;
  });
  outcome.plan = plan;
  for (const [name, value] of Object.entries({
    'change-count': String(plan.changes.length),
    'has-replacements': String(hasReplacements(plan)),
  }))
    core.setOutput(name, value);

  const commit = async () => {
    if (!inputs.commitAssets) return;
    const result = await commitAssets({
      repositoryRoot: state.root,
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
    mode: state.mode === 'deploy' ? 'deploy' : 'plan',
    yesReplace: inputs.yesReplace,
    plan,
    clients,
    commit,
    io,
    onEvent: (event) => outcome.events.push(event),
    signal: state.signal,
  });
  state.abortable = false;
  await commentOnPullRequest(state, config, plan);
}
