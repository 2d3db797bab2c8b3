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
  /** The only values the flag takes; help shows them, shell completion offers them. */
  readonly choices?: readonly string[];
  /** The value names a file or a directory: shell completion offers paths. */
  readonly path?: 'file' | 'directory';
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
    for (const [name, spec] of Object.entries(specs))
      checkChoices(command, name, spec, values[name]);
    return values as ParsedFlags<S>;
  } catch (cause) {
    if (CliError.is(cause)) throw cause;
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

/** @throws {CliError} `USAGE` when a flag with choices got another value. */
function checkChoices(
  command: string,
  name: string,
  spec: FlagSpec,
  value: string | boolean | (string | boolean)[] | undefined,
): void {
  if (spec.choices === undefined || value === undefined) return;
  for (const given of Array.isArray(value) ? value : [value]) {
    if (typeof given === 'string' && spec.choices.includes(given)) continue;
    const allowed =
      spec.choices.length === 1
        ? spec.choices[0]!
        : `${spec.choices.slice(0, -1).join(', ')} or ${spec.choices.at(-1)!}`;
    throw new CliError(
      'USAGE',
      `--${name} must be ${allowed} (got ${JSON.stringify(given)}) (see kube-aws ${command} --help)`,
    );
  }
}

/** Help text for a command: usage line, summary and one line per flag. */
export function formatHelp(usage: string, summary: string, specs: FlagSpecs, footer = ''): string {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const value = spec.value ?? spec.choices?.join('|') ?? '<value>';
    const long = spec.type === 'string' ? `--${name}=${value}` : `--${name}`;
    const left = spec.short === undefined ? `    ${long}` : `-${spec.short}, ${long}`;
    return [left, spec.description] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  const lines = rows.map(([left, description]) => `  ${left.padEnd(width)}${description}`);
  return `Usage: ${usage}\n\n${summary}\n\nFlags:\n${lines.join('\n')}\n${footer === '' ? '' : `\n${footer}\n`}`;
}
