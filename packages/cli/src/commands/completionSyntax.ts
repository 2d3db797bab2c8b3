import { HELP_FLAG } from '../internal/commonFlags.js';
import type { CommandSyntax } from '../internal/CommandSyntax.js';

/** `kube-aws completion bash|zsh|fish`: the shells it writes a completion script for. */
export const completionSyntax = {
  subcommands: ['bash', 'zsh', 'fish'],
  flags: { help: HELP_FLAG },
} as const satisfies CommandSyntax;
