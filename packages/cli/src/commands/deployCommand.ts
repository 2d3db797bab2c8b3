import { join, resolve } from 'node:path';
import {
  assertStackIdle,
  assertStackOwner,
  assertVersionSkew,
  describeCluster,
  describeStackStatus,
  destroyStack,
  detectStackDrift,
  discardChangePlan,
  executeChangePlan,
  formatChangePlan,
  formatStackDrift,
  formatRollPlan,
  hasReplacements,
  planDeployment,
} from '@kube-aws/aws-provisioner';
import type { ChangePlan, StackDrift, StackState } from '@kube-aws/aws-provisioner';
import { isS3Uri, S3_URI_EXPECTATION } from '@kube-aws/config-schema';
import type { ClusterConfig } from '@kube-aws/config-schema';
import { CliError } from '../CliError.js';
import type { CliIo } from '../CliIo.js';
import type { Command } from '../Command.js';
import { ExitCode } from '../ExitCode.js';
import { deploySyntax } from './deploySyntax.js';
import { formatHelp, parseFlags } from '../internal/parseFlags.js';
import { formatOutput, outputFormat } from '../internal/outputFormat.js';
import {
  clientsFor,
  COMMIT_ADVICE,
  interrupted,
  loadAssetConfig,
  paint,
  pollInterval,
  prepareDeployment,
  provisioning,
  recordStack,
  renderTemplateFiles,
  statusPaint,
  withProgress,
  writeFileAtomic,
} from '@kube-aws/asset-directory';
import { endpointLine, recordAdvice } from '../internal/endpointAdvice.js';

type Mode = 'up' | 'update' | 'diff';

const FLAGS = {
  up: deploySyntax.up.flags,
  update: deploySyntax.update.flags,
  diff: deploySyntax.diff.flags,
} as const;

const SUMMARY: Record<Mode, string> = {
  up: 'Create the cluster: seal the TLS assets with KMS, plan a change set, then execute it',
  update: 'Apply changes of the asset directory to the running cluster through a change set',
  diff: 'Show what update would change, without changing anything (exit 3 when there are changes)',
};

function help(mode: Mode): string {
  return formatHelp(
    `kube-aws ${mode} [flags]`,
    SUMMARY[mode],
    FLAGS[mode],
    'Credentials come from the AWS SDK chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ~/.aws/credentials, AWS_PROFILE, SSO, web identity, an instance role.\nCtrl-C before the change set runs deletes it and changes nothing (exit 130); after, it stops watching, not the stack.',
  );
}

/**
 * Refuses, before anything is sealed or planned, what the stack as it is now rules out: a stack
 * kube-aws did not make for this cluster, one that another operation is changing, `up` over an
 * existing stack and `update` or `diff` without one.
 */
function refuse(mode: Mode, stackName: string, current: StackState | undefined, recreate: boolean) {
  if (current === undefined || current.status === 'REVIEW_IN_PROGRESS') {
    if (mode !== 'up')
      throw new CliError('USAGE', `there is no stack ${stackName} yet; create it with kube-aws up`);
    if (current === undefined) return;
  }
  assertStackOwner(current, stackName, stackName);
  assertStackIdle(current, stackName);
  if (current.status === 'ROLLBACK_COMPLETE' && !(mode === 'up' && recreate))
    throw new CliError(
      'USAGE',
      `stack ${stackName} is in ROLLBACK_COMPLETE: its creation failed and CloudFormation can only delete it. Run kube-aws up --recreate to delete it and create it again`,
    );
  if (
    mode === 'up' &&
    current.status !== 'REVIEW_IN_PROGRESS' &&
    current.status !== 'ROLLBACK_COMPLETE'
  )
    throw new CliError(
      'USAGE',
      `stack ${stackName} exists (${current.status}); change it with kube-aws update, or preview with kube-aws diff`,
    );
}

/**
 * `diff --drift`: CloudFormation's drift detection on the cluster's stack, read-only. The caller
 * exits 3 when a resource drifted (as diff does for changes), 0 when in sync; CloudFormation's own
 * uncertainty (UNKNOWN) is reported, exit 0.
 */
async function detectDrift(
  config: ClusterConfig,
  io: CliIo,
  endpoint: string | undefined,
): Promise<StackDrift> {
  return provisioning(() =>
    withProgress(io, `detecting the drift of ${config.clusterName}`, () =>
      detectStackDrift(clientsFor(config, io, endpoint), config.clusterName, {
        pollMs: pollInterval(io),
        ...(io.signal === undefined ? {} : { signal: io.signal }),
      }),
    ),
  );
}

/**
 * The plan as `diff -o json|yaml` prints it: the same content as the text, a stable shape
 * (docs/cli-output.md): counts, each change with its properties, then the roll plan's lines.
 */
function planOutput(plan: ChangePlan, config: ClusterConfig): Record<string, unknown> {
  const count = (action: string) =>
    plan.changes.filter((change) => change.action === action).length;
  return {
    stackName: plan.stackName,
    type: plan.type,
    summary: {
      add: count('Add'),
      modify: count('Modify'),
      replace: plan.changes.filter(
        (change) => change.replacement === 'True' || change.replacement === 'Conditional',
      ).length,
      remove: count('Remove'),
    },
    changes: plan.changes.map((change) => ({
      action: change.action,
      logicalId: change.logicalId,
      type: change.type,
      replacement: change.replacement ?? null,
      physicalId: change.physicalId ?? null,
      details: change.details ?? [],
    })),
    rollPlan: formatRollPlan(plan, config),
  };
}

/** Asks whether to apply the plan; undefined when Ctrl-C came instead of an answer. */
async function confirmPlan(io: CliIo, question: string): Promise<boolean | undefined> {
  try {
    const answer = await io.confirm!(question);
    return io.signal?.aborted === true ? undefined : answer;
  } catch (error) {
    if (io.signal?.aborted === true) return undefined;
    throw error;
  }
}

async function run(mode: Mode, args: readonly string[], terminal: CliIo): Promise<number> {
  let io = terminal;
  if (mode !== 'diff' && args.some((arg) => arg === '--dry-run' || arg.startsWith('--dry-run=')))
    throw new CliError(
      'USAGE',
      `there is no --dry-run: kube-aws diff is the dry run of ${mode}. It plans the same change set and changes nothing (exit 3 when there are changes)`,
    );
  const flags = parseFlags(mode, args, FLAGS[mode]) as {
    'asset-dir'?: string;
    'endpoint-url'?: string;
    's3-uri'?: string;
    help?: boolean;
    yes?: boolean;
    export?: boolean;
    recreate?: boolean;
    upload?: boolean;
    drift?: boolean;
    output?: string;
  };
  const output = outputFormat(flags.output);
  // With -o json|yaml, stdout holds the result alone; what the run says goes to stderr.
  if (output !== 'text') io = { ...terminal, stdout: terminal.stderr };
  if (flags.help === true) {
    io.stdout(help(mode));
    return ExitCode.Ok;
  }
  const assetDirectory = resolve(io.cwd, flags['asset-dir'] ?? '.');
  const s3URI = flags['s3-uri'];
  // cluster.yaml's rule for s3URI: the prefix reaches IAM policies, where * and ${…} widen them.
  if (s3URI !== undefined && !isS3Uri(s3URI))
    throw new CliError('USAGE', `--s3-uri=${s3URI}: must be ${S3_URI_EXPECTATION}`);
  const signal = io.signal;
  const loaded = await loadAssetConfig(assetDirectory, io);
  if (flags.drift === true) {
    const drift = await detectDrift(loaded, io, flags['endpoint-url']);
    if (output === 'text')
      for (const line of formatStackDrift(drift, io.color === true)) io.stdout(`${line}\n`);
    else terminal.stdout(await formatOutput(output, drift));
    return drift.drifted ? ExitCode.Changes : ExitCode.Ok;
  }
  const stackName = loaded.clusterName;
  let current: StackState | undefined;
  if (flags.export !== true) {
    // Asked first, so a refusal costs neither KMS calls nor the user's time.
    const stackClients = clientsFor(loaded, io, flags['endpoint-url']);
    current = await provisioning(() => describeStackStatus(stackClients, stackName, signal));
    await provisioning(async () => refuse(mode, stackName, current, flags.recreate === true));
    await provisioning(() =>
      assertVersionSkew(stackClients, stackName, current, loaded.kubernetesVersion, signal),
    );
  }
  // diff plans from the committed state and writes nothing; up and update render and seal.
  const { config, clients, built } = await prepareDeployment(assetDirectory, io, {
    endpoint: flags['endpoint-url'],
    s3URI,
    config: loaded,
    readOnly: mode === 'diff',
  });
  if (flags.export === true) {
    const file = `${stackName}.stack-template.json`;
    const path = join(assetDirectory, file);
    await writeFileAtomic(path, JSON.stringify(built.template, null, 2) + '\n', {
      mode: 0o644,
      overwrite: true,
      name: file,
    });
    io.stdout(
      `Exported the stack template to ${path} (KMS-sealed secrets included; CloudFormation untouched).\n`,
    );
    return ExitCode.Ok;
  }
  if (current?.status === 'ROLLBACK_COMPLETE') {
    io.stdout(`Deleting ${stackName}, which is in ROLLBACK_COMPLETE, to create it again.\n`);
    await provisioning(() =>
      withProgress(io, `deleting ${stackName}`, (onEvent) =>
        destroyStack(clients, stackName, {
          force: true,
          onEvent,
          pollMs: pollInterval(io),
          ...(signal === undefined ? {} : { signal }),
        }),
      ),
    );
  }
  const plan = await provisioning(() =>
    planDeployment(clients, config, built, {
      ...(signal === undefined ? {} : { signal }),
      readOnly: mode === 'diff' && flags.upload !== true,
    }),
  );
  if (output === 'text') {
    for (const line of formatChangePlan(plan, io.color === true)) io.stdout(`${line}\n`);
    for (const line of formatRollPlan(plan, config)) io.stdout(`${line}\n`);
  } else terminal.stdout(await formatOutput(output, planOutput(plan, config)));
  if (plan.changes.length === 0) return ExitCode.Ok;
  if (mode === 'diff') {
    await provisioning(() => discardChangePlan(clients, plan));
    return ExitCode.Changes;
  }
  if (flags.yes !== true) {
    const warning = hasReplacements(plan)
      ? ' Resources marked REPLACE are made anew: their nodes are replaced.'
      : '';
    if (io.confirm === undefined) {
      await provisioning(() => discardChangePlan(clients, plan));
      throw new CliError(
        'USAGE',
        `nobody can confirm here (no terminal); run kube-aws ${mode} --yes to apply the plan above.${warning}`,
      );
    }
    const answer = await confirmPlan(io, `Apply this plan to ${stackName}?${warning}`);
    if (answer !== true) {
      await provisioning(() => discardChangePlan(clients, plan));
      if (answer === undefined)
        throw interrupted(
          `interrupted before the change set ${plan.changeSetName} was executed: nothing ran, and the change set is deleted`,
        );
      io.stdout('Nothing changed.\n');
      return ExitCode.UserError;
    }
  }
  // executeChangePlan checks the signal last thing before ExecuteChangeSet.
  const { warnings } = await provisioning(() =>
    withProgress(
      io,
      `${plan.type === 'CREATE' ? 'creating' : 'updating'} ${stackName}`,
      (onEvent) =>
        executeChangePlan(clients, plan, {
          onEvent,
          pollMs: pollInterval(io),
          ...(signal === undefined ? {} : { signal }),
        }),
    ),
  );
  for (const warning of warnings)
    io.stderr(`${paint('warning:', 'yellow', io.color)} ${warning}\n`);
  await recordStack(assetDirectory, config);
  // The asset directory now shows what the stack has: the templates as deployed, edits kept.
  await renderTemplateFiles(config, assetDirectory, false, io);
  const status = await provisioning(() => describeCluster(clients, stackName));
  io.stdout(
    `\n${stackName}: ${paint(status.stackStatus, statusPaint(status.stackStatus) ?? 'green', io.color)}\n${endpointLine(status)}\nAPI endpoint: ${status.apiEndpoint ?? `https://${config.externalDNSName}`}\n`,
  );
  if (!config.createRecordSet) io.stdout(`Next: ${recordAdvice(config, status)}\n`);
  io.stdout(
    'Then: kubectl --kubeconfig=kubeconfig get nodes (the API answers a few minutes after the stack is complete).\n',
  );
  if (mode === 'up')
    io.stdout(`Or wait until it works: kube-aws check --wait 15m\n\n${COMMIT_ADVICE}\n`);
  return ExitCode.Ok;
}

function command(mode: Mode): Command {
  return {
    name: mode,
    summary: SUMMARY[mode],
    help: help(mode),
    run: (args, io) => run(mode, args, io),
  };
}

/** `kube-aws up`, `kube-aws up --export`. */
export const upCommand = command('up');
/** `kube-aws update`. */
export const updateCommand = command('update');
/** `kube-aws diff`. */
export const diffCommand = command('diff');
