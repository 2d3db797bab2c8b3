import type { CliIo } from '../CliIo.js';
import type { Command } from '../Command.js';
import { checkSyntax } from '../commands/checkSyntax.js';
import { completionSyntax } from '../commands/completionSyntax.js';
import { deploySyntax } from '../commands/deploySyntax.js';
import { destroySyntax } from '../commands/destroySyntax.js';
import { etcdSyntax } from '../commands/etcdSyntax.js';
import { initSyntax } from '../commands/initSyntax.js';
import { renderSyntax } from '../commands/renderSyntax.js';
import { rotateSyntax } from '../commands/rotateSyntax.js';
import { showSyntax } from '../commands/showSyntax.js';
import { statusSyntax } from '../commands/statusSyntax.js';
import { validateSyntax } from '../commands/validateSyntax.js';
import type { CommandSyntax } from './CommandSyntax.js';

/** A command as `kube-aws --help` lists it, what it takes, and how to load it. */
export interface CommandEntry {
  readonly summary: string;
  readonly syntax: CommandSyntax;
  readonly load: () => Promise<Command>;
  /** Answers the command without loading it, when it can: true when it did. */
  readonly shortcut?: (args: readonly string[], io: CliIo) => Promise<boolean>;
}

/**
 * Every kube-aws command, in the order of `kube-aws --help`. Commands are imported only when they
 * run, so `kube-aws --version` loads no heavy module; their syntax is at hand without loading them.
 */
export const commandTable: Readonly<Record<string, CommandEntry>> = {
  init: {
    summary: 'Write a commented cluster.yaml into the asset directory',
    syntax: initSyntax,
    load: async () => (await import('../commands/initCommand.js')).initCommand,
  },
  render: {
    summary: 'Render the asset directory: cloud-configs, stack template, credentials, kubeconfig',
    syntax: renderSyntax,
    load: async () => (await import('../commands/renderCommand.js')).renderCommand,
    // A render of an asset directory that is as the last render left it has nothing to do.
    shortcut: async (args, io) =>
      (await import('./skipUnchangedRender.js')).skipUnchangedRender(args, io),
  },
  validate: {
    summary:
      'Check the asset directory (and with cfn-lint and ValidateTemplate when they are at hand)',
    syntax: validateSyntax,
    load: async () => (await import('../commands/validateCommand.js')).validateCommand,
  },
  up: {
    summary:
      'Create the cluster: seal the TLS assets with KMS, plan a change set, execute it (--export)',
    syntax: deploySyntax.up,
    load: async () => (await import('../commands/deployCommand.js')).upCommand,
  },
  update: {
    summary: 'Apply changes of the asset directory to the running cluster through a change set',
    syntax: deploySyntax.update,
    load: async () => (await import('../commands/deployCommand.js')).updateCommand,
  },
  diff: {
    summary: 'Show what update would change; exit 3 when there are changes',
    syntax: deploySyntax.diff,
    load: async () => (await import('../commands/deployCommand.js')).diffCommand,
  },
  status: {
    summary: 'Show the stack status, the controller IP and the API endpoint',
    syntax: statusSyntax,
    load: async () => (await import('../commands/statusCommand.js')).statusCommand,
  },
  check: {
    summary: 'Check that the cluster works: nodes, kube-system pods, DNS (--wait 15m after up)',
    syntax: checkSyntax,
    load: async () => (await import('../commands/checkCommand.js')).checkCommand,
  },
  destroy: {
    summary: 'Delete the cluster stack (asks first; --yes, --force)',
    syntax: destroySyntax,
    load: async () => (await import('../commands/destroyCommand.js')).destroyCommand,
  },
  rotate: {
    summary: 'Renew every leaf certificate under the same CAs and apply them (rotate certificates)',
    syntax: rotateSyntax,
    load: async () => (await import('../commands/rotateCommand.js')).rotateCommand,
  },
  etcd: {
    summary: "Take, list and restore etcd's snapshots in S3 (snapshot, list, restore --from)",
    syntax: etcdSyntax,
    load: async () => (await import('../commands/etcdCommand.js')).etcdCommand,
  },
  show: {
    summary: 'Show the certificates in credentials/ and when they expire',
    syntax: showSyntax,
    load: async () => (await import('../commands/showCommand.js')).showCommand,
  },
  completion: {
    summary: 'Print the completion script of bash, zsh or fish (completion bash|zsh|fish)',
    syntax: completionSyntax,
    load: async () => (await import('../commands/completionCommand.js')).completionCommand,
  },
};
