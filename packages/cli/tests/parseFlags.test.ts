import { describe, expect, it } from 'vitest';
import { CliError } from '../src/CliError.js';
import { formatHelp, parseFlags } from '../src/internal/parseFlags.js';

const FLAGS = {
  output: { type: 'string', short: 'o', choices: ['text', 'json', 'yaml'], description: 'Format' },
  level: { type: 'string', multiple: true, choices: ['low', 'high'], description: 'Level' },
  'asset-dir': { type: 'string', value: '<dir>', path: 'directory', description: 'Where' },
} as const;

describe(parseFlags, () => {
  it('takes a value among the choices, after = or as the next word, long or short', () => {
    expect(parseFlags('status', ['--output=json'], FLAGS).output).toBe('json');
    expect(parseFlags('status', ['-o', 'yaml'], FLAGS).output).toBe('yaml');
    expect(parseFlags('status', ['--level', 'low', '--level=high'], FLAGS).level).toEqual([
      'low',
      'high',
    ]);
  });

  it('refuses a value that is not among the choices as a usage error naming them', () => {
    const refuse = (args: string[]) => {
      try {
        parseFlags('status', args, FLAGS);
      } catch (error) {
        expect(CliError.is(error) && error.code).toBe('USAGE');
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refuse(['-o', 'xml'])).toBe(
      '--output must be text, json or yaml (got "xml") (see kube-aws status --help)',
    );
    expect(refuse(['--level=low', '--level=mid'])).toBe(
      '--level must be low or high (got "mid") (see kube-aws status --help)',
    );
  });
});

describe(formatHelp, () => {
  it('shows the choices where a flag has no placeholder', () => {
    const help = formatHelp('kube-aws status', 'Status.', FLAGS);
    expect(help).toMatch(/^ {2}-o, --output=text\|json\|yaml +Format$/m);
    expect(help).toMatch(/^ {6}--level=low\|high +Level$/m);
    expect(help).toMatch(/^ {6}--asset-dir=<dir> +Where$/m);
  });
});
