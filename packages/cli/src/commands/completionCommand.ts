import { CliError } from '../CliError.js';
import type { CliIo } from '../CliIo.js';
import type { Command } from '../Command.js';
import { ExitCode } from '../ExitCode.js';
import { bashCompletion } from '../internal/bashCompletion.js';
import { commandTable } from '../internal/commandTable.js';
import { GLOBAL_FLAGS } from '../internal/commonFlags.js';
import type { CompletionSource } from '../internal/CompletionSource.js';
import { fishCompletion } from '../internal/fishCompletion.js';
import { formatHelp, parseFlags } from '../internal/parseFlags.js';
import { suggestFlag } from '../internal/suggestFlag.js';
import { zshCompletion } from '../internal/zshCompletion.js';
import { completionSyntax } from './completionSyntax.js';

type Shell = (typeof completionSyntax.subcommands)[number];

const GENERATORS: Record<Shell, (source: CompletionSource) => string> = {
  bash: bashCompletion,
  zsh: zshCompletion,
  fish: fishCompletion,
};

const HELP = formatHelp(
  'kube-aws completion bash|zsh|fish',
  [
    'Prints the completion script of a shell, made from the definitions of the commands and flags of',
    'this kube-aws: commands, subcommands, flags, and the values of --output. Install it once:',
    '  bash  kube-aws completion bash > ~/.local/share/bash-completion/completions/kube-aws',
    '  zsh   kube-aws completion zsh > "${fpath[1]}/_kube-aws"',
    '  fish  kube-aws completion fish > ~/.config/fish/completions/kube-aws.fish',
    'and open a new shell. Generate it again after upgrading kube-aws.',
  ].join('\n'),
  completionSyntax.flags,
);

const SHELLS = `${completionSyntax.subcommands.slice(0, -1).join(', ')} or ${completionSyntax.subcommands.at(-1)!}`;

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const [shell, ...rest] = args;
  if (shell === '--help' || shell === '-h') {
    io.stdout(HELP);
    return ExitCode.Ok;
  }
  if (shell === undefined) throw new CliError('USAGE', `name a shell: ${SHELLS}`);
  if (!Object.hasOwn(GENERATORS, shell)) {
    const close = suggestFlag(shell, Object.keys(GENERATORS));
    const hint = close === undefined ? '' : `; did you mean ${close}?`;
    throw new CliError(
      'USAGE',
      `there is no completion for ${JSON.stringify(shell)}: name a shell, ${SHELLS}${hint}`,
    );
  }
  const flags = parseFlags('completion', rest, completionSyntax.flags);
  if (flags.help === true) {
    io.stdout(HELP);
    return ExitCode.Ok;
  }
  const source: CompletionSource = {
    program: 'kube-aws',
    flags: GLOBAL_FLAGS,
    commands: commandTable,
  };
  io.stdout(GENERATORS[shell as Shell](source));
  return ExitCode.Ok;
}

/** `kube-aws completion bash|zsh|fish`: the shell's completion script on stdout. */
export const completionCommand: Command = {
  name: 'completion',
  summary: 'Print the completion script of bash, zsh or fish',
  help: HELP,
  run,
};
