import { CliError } from '../CliError.js';

/** How a command prints its result: `--output text|json`. */
export type OutputFormat = 'text' | 'json';

/**
 * The --output flag's value, `text` when it is absent.
 * @throws {CliError} `USAGE` for any other value.
 */
export function outputFormat(value: string | undefined): OutputFormat {
  const output = value ?? 'text';
  if (output !== 'text' && output !== 'json')
    throw new CliError('USAGE', `--output must be text or json (got ${JSON.stringify(output)})`);
  return output;
}
