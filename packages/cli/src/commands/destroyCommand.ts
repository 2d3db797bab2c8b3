import { resolve } from 'node:path';
import { destroyStack } from '@kube-aws/aws-provisioner';
import { CliError } from '../CliError.js';
import type { CliIo } from '../CliIo.js';
import type { Command } from '../Command.js';
import { ExitCode } from '../ExitCode.js';
import {
  clientsFor,
  interrupted,
  loadAssetConfig,
  pollInterval,
  provisioning,
  withProgress,
} from '@kube-aws/asset-directory';
import { destroySyntax } from './destroySyntax.js';
import { formatHelp, parseFlags } from '../internal/parseFlags.js';

const FLAGS = destroySyntax.flags;

const HELP = formatHelp(
  'kube-aws destroy [--yes] [--force]',
  "Deletes the cluster stack and waits for it. Delete Services of type LoadBalancer and PersistentVolumes\nfirst: CloudFormation cannot delete what Kubernetes made. The asset directory is kept. A stack of the\ncluster's name that kube-aws did not make for this cluster (its kube-aws:cluster tag) is refused.",
  FLAGS,
);

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags('destroy', args, FLAGS);
  if (flags.help === true) {
    io.stdout(HELP);
    return ExitCode.Ok;
  }
  const config = await loadAssetConfig(resolve(io.cwd, flags['asset-dir'] ?? '.'), io);
  if (flags.yes !== true) {
    if (io.confirm === undefined)
      throw new CliError(
        'USAGE',
        `nobody can confirm here (no terminal); run kube-aws destroy --yes to delete ${config.clusterName}`,
      );
    const answer = await io
      .confirm(`Destroy cluster ${config.clusterName} and every resource of its stack?`)
      .catch((error: unknown) => {
        if (io.signal?.aborted === true) return false;
        throw error;
      });
    if (io.signal?.aborted === true)
      throw interrupted(`interrupted before kube-aws changed anything: nothing deleted`);
    if (!answer) {
      io.stdout('Nothing deleted.\n');
      return ExitCode.UserError;
    }
  }
  await provisioning(() =>
    withProgress(io, `deleting ${config.clusterName}`, (onEvent) =>
      destroyStack(clientsFor(config, io, flags['endpoint-url']), config.clusterName, {
        force: flags.force === true,
        onEvent,
        pollMs: pollInterval(io),
        ...(io.signal === undefined ? {} : { signal: io.signal }),
      }),
    ),
  );
  io.stdout(
    `Destroyed ${config.clusterName}. The asset directory, with its credentials, is kept.\n`,
  );
  return ExitCode.Ok;
}

/** `kube-aws destroy`. */
export const destroyCommand: Command = {
  name: 'destroy',
  summary: 'Delete the cluster stack (asks first; --yes, --force)',
  help: HELP,
  run,
};
