import { completionWord } from './completionWord.js';
import type { FlagSpecs } from './parseFlags.js';

/** A flag as a completion script offers it. */
export interface CompletionFlag {
  /** `--output`. */
  readonly long: string;
  /** `-o`, when the flag has a short form. */
  readonly short: string | undefined;
  /** One line, whitespace collapsed. */
  readonly description: string;
  /** The flag takes a value (`--output json`, `--output=json`, `-o json`). */
  readonly takesValue: boolean;
  /** The flag may be given more than once. */
  readonly multiple: boolean;
  /** The values offered: the flag's choices; empty when anything goes. */
  readonly choices: readonly string[];
  /** The value is a path: the shell offers files or directories. */
  readonly path: 'file' | 'directory' | undefined;
}

/**
 * The flags of a command's syntax as completion scripts offer them.
 * @throws {Error} when a name is not a plain word ({@link completionWord}).
 */
export function completionFlags(specs: FlagSpecs): CompletionFlag[] {
  return Object.entries(specs).map(([name, spec]) => ({
    long: `--${completionWord(name)}`,
    short: spec.short === undefined ? undefined : `-${completionWord(spec.short)}`,
    description: spec.description.replace(/\s+/g, ' ').trim(),
    takesValue: spec.type === 'string',
    multiple: spec.multiple === true,
    choices: (spec.choices ?? []).map(completionWord),
    path: spec.path,
  }));
}
