import type { CommandSyntax } from './CommandSyntax.js';
import type { FlagSpecs } from './parseFlags.js';

/** What a shell completion script is generated from: the program's own flags and commands. */
export interface CompletionSource {
  /** The name the shell runs, `kube-aws`. */
  readonly program: string;
  /** The flags the program takes before any command (`--help`, `--version`). */
  readonly flags: FlagSpecs;
  /** Each command, as `kube-aws --help` lists it, and what it takes. */
  readonly commands: Readonly<
    Record<string, { readonly summary: string; readonly syntax: CommandSyntax }>
  >;
}
