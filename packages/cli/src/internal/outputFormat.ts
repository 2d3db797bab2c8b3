import { stringify } from 'yaml';
import { CliError } from '../CliError.js';
import { OUTPUT_FORMATS } from './commonFlags.js';

/** How a command prints its result: `-o/--output text|json|yaml`. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * The --output flag's value, `text` when it is absent.
 * @throws {CliError} `USAGE` for any other value.
 */
export function outputFormat(value: string | undefined): OutputFormat {
  const output = value ?? 'text';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(output))
    throw new CliError(
      'USAGE',
      `--output must be text, json or yaml (got ${JSON.stringify(output)})`,
    );
  return output as OutputFormat;
}

/** A command's machine-readable result as the chosen format prints it (JSON or YAML). */
export async function formatOutput(format: 'json' | 'yaml', value: unknown): Promise<string> {
  if (format === 'json') return `${JSON.stringify(value, null, 2)}\n`;
  return stringify(value);
}
