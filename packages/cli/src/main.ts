import { AssetError } from '@kube-aws/asset-directory/AssetError';
import { CliError } from './CliError.js';
import type { CliIo } from './CliIo.js';
import type { Command } from './Command.js';
import { ExitCode } from './ExitCode.js';
import { readPackageVersion } from './internal/readPackageVersion.js';
import { suggestFlag } from './internal/suggestFlag.js';

interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<Command>;
  /** Answers the command without loading it, when it can: true when it did. */
  readonly shortcut?: (args: readonly string[], io: CliIo) => Promise<boolean>;
}

// Commands are imported only when they run, so `kube-aws --version` loads no heavy module.
const COMMANDS: Record<string, CommandEntry> = {
  init: {
    summary: 'Write a commented cluster.yaml into the asset directory',
    load: async () => (await import('./commands/initCommand.js')).initCommand,
  },
  render: {
    summary: 'Render the asset directory: cloud-configs, stack template, credentials, kubeconfig',
    load: async () => (await import('./commands/renderCommand.js')).renderCommand,
    // A render of an asset directory that is as the last render left it has nothing to do.
    shortcut: async (args, io) =>
      (await import('./internal/skipUnchangedRender.js')).skipUnchangedRender(args, io),
  },
  validate: {
    summary:
      'Check the asset directory (and with cfn-lint and ValidateTemplate when they are at hand)',
    load: async () => (await import('./commands/validateCommand.js')).validateCommand,
  },
  up: {
    summary:
      'Create the cluster: seal the TLS assets with KMS, plan a change set, execute it (--export)',
    load: async () => (await import('./commands/deployCommand.js')).upCommand,
  },
  update: {
    summary: 'Apply changes of the asset directory to the running cluster through a change set',
    load: async () => (await import('./commands/deployCommand.js')).updateCommand,
  },
  diff: {
    summary: 'Show what update would change; exit 3 when there are changes',
    load: async () => (await import('./commands/deployCommand.js')).diffCommand,
  },
  status: {
    summary: 'Show the stack status, the controller IP and the API endpoint',
    load: async () => (await import('./commands/statusCommand.js')).statusCommand,
  },
  check: {
    summary: 'Check that the cluster works: nodes, kube-system pods, DNS (--wait 15m after up)',
    load: async () => (await import('./commands/checkCommand.js')).checkCommand,
  },
  destroy: {
    summary: 'Delete the cluster stack (asks first; --yes, --force)',
    load: async () => (await import('./commands/destroyCommand.js')).destroyCommand,
  },
  rotate: {
    summary: 'Renew every leaf certificate under the same CAs and apply them (rotate certificates)',
    load: async () => (await import('./commands/rotateCommand.js')).rotateCommand,
  },
  etcd: {
    summary: "Take, list and restore etcd's snapshots in S3 (snapshot, list, restore --from)",
    load: async () => (await import('./commands/etcdCommand.js')).etcdCommand,
  },
  show: {
    summary: 'Show the certificates in credentials/ and when they expire',
    load: async () => (await import('./commands/showCommand.js')).showCommand,
  },
};

function generalHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 2;
  const rows = Object.entries(COMMANDS).map(
    ([name, command]) => `  ${name.padEnd(width)}${command.summary}`,
  );
  return [
    'Usage: kube-aws <command> [flags]',
    '',
    'Turns one cluster.yaml into a self-managed Kubernetes cluster on AWS through CloudFormation.',
    '',
    'Commands:',
    ...rows,
    '',
    'Flags:',
    '  -h, --help      Show help (also: kube-aws <command> --help)',
    '  -v, --version   Show the version',
    '',
    'Exit codes: 0 ok, 1 wrong input or refused, 2 a bug in kube-aws, 3 diff found changes, 4 AWS failed, 130 interrupted.',
    '            kube-aws check exits 5 when the cluster fails a check.',
    '',
  ].join('\n');
}

/** Runs the kube-aws command line and returns its exit code; never throws. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (
    name === undefined ||
    name === '--help' ||
    name === '-h' ||
    (name === 'help' && rest.length === 0)
  ) {
    io.stdout(generalHelp());
    // A bare kube-aws asks what there is, like kubectl: help on stdout, and success.
    return ExitCode.Ok;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout(`kube-aws ${readPackageVersion(new URL('../package.json', import.meta.url))}\n`);
    return ExitCode.Ok;
  }
  const wanted = name === 'help' ? rest[0]! : name;
  const entry = COMMANDS[wanted];
  if (entry === undefined) {
    const close = suggestFlag(wanted, Object.keys(COMMANDS));
    const reason = `unknown command ${JSON.stringify(wanted)}${close === undefined ? '' : `; did you mean ${close}?`}`;
    io.stderr(`kube-aws: ${reason}\nRun kube-aws --help for the list of commands.\n`);
    return ExitCode.UserError;
  }
  try {
    if (name !== 'help' && (await entry.shortcut?.(rest, io)) === true) return ExitCode.Ok;
    const command = await entry.load();
    if (name === 'help') {
      io.stdout(command.help);
      return ExitCode.Ok;
    }
    return await command.run(rest, io);
  } catch (error) {
    if (CliError.is(error) || AssetError.is(error)) {
      io.stderr(`kube-aws ${wanted}: ${error.message}\n`);
      return error.exitCode;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(
      `kube-aws ${wanted}: internal error, a bug in kube-aws; please report it with this output:\n${detail}\n`,
    );
    return ExitCode.InternalError;
  }
}
