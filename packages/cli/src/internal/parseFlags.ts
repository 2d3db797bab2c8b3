import { parseArgs } from 'node:util';
import { CliError } from '../CliError.js';
import { suggestFlag } from './suggestFlag.js';

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  /** Shown in help as the value placeholder, such as `<name>`. */
  readonly value?: string;
  /** The flag may be given several times; its value is then a list. */
  readonly multiple?: boolean;
  /** A one-letter alias, as kubectl has them: `-o` for --output, `-y` for --yes, `-h` for --help. */
  readonly short?: string;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export type ParsedFlags<S extends FlagSpecs> = {
  [K in keyof S]?: S[K]['type'] extends 'boolean'
    ? boolean
    : S[K]['multiple'] extends true
      ? string[]
      : string;
};

/**
 * Parses `--flag=value`, `--flag value` and `--switch` against a spec. Unknown flags and
 * stray arguments are usage errors with a did-you-mean suggestion.
 * @throws {CliError} `USAGE`
 */
export function parseFlags<S extends FlagSpecs>(
  command: string,
  args: readonly string[],
  specs: S,
): ParsedFlags<S> {
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      {
        type: spec.type,
        multiple: spec.multiple === true,
        ...(spec.short === undefined ? {} : { short: spec.short }),
      },
    ]),
  );
  try {
    const { values } = parseArgs({
      args: [...args],
      options,
      strict: true,
      allowPositionals: false,
    });
    return values as ParsedFlags<S>;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    const unknown = /Unknown option '(--?[^']+)'/.exec(message)?.[1];
    const stray = /Unexpected argument '([^']+)'/.exec(message)?.[1];
    let text: string;
    if (unknown !== undefined) {
      const close = suggestFlag(unknown.replace(/^-+/, ''), Object.keys(specs));
      text = `unknown flag ${unknown}${close === undefined ? '' : `; did you mean --${close}?`}`;
    } else if (stray !== undefined) {
      text = `unexpected argument ${JSON.stringify(stray)}; flags take the form --name=value`;
    } else {
      text = message.replace(/\. To specify .*$/s, '').replace(/^Option '/, "flag '");
    }
    throw new CliError('USAGE', `${text} (see kube-aws ${command} --help)`, { cause });
  }
}

/** Help text for a command: usage line, summary and one line per flag. */
export function formatHelp(usage: string, summary: string, specs: FlagSpecs, footer = ''): string {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const long = spec.type === 'string' ? `--${name}=${spec.value ?? '<value>'}` : `--${name}`;
    const left = spec.short === undefined ? `    ${long}` : `-${spec.short}, ${long}`;
    return [left, spec.description] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  const lines = rows.map(([left, description]) => `  ${left.padEnd(width)}${description}`);
  return `Usage: ${usage}\n\n${summary}\n\nFlags:\n${lines.join('\n')}\n${footer === '' ? '' : `\n${footer}\n`}`;
}
