import type { FlagSpecs } from './parseFlags.js';

/**
 * What a command takes on its command line: the words that may come first (`certificates` of
 * `kube-aws show certificates`) and its flags. The command parses its arguments with these, and the
 * shell completion scripts are generated from them, so the two cannot differ.
 */
export interface CommandSyntax {
  /** The words the command takes right after its name; empty when it takes none. */
  readonly subcommands: readonly string[];
  readonly flags: FlagSpecs;
}
