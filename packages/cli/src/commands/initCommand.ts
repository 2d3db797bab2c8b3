import { join, relative, resolve } from 'node:path';
import {
  ConfigError,
  formatProblem,
  loadClusterConfig,
  renderInitialClusterYaml,
} from '@kube-aws/config-schema';
import type { ConfigProblem, InitialClusterValues } from '@kube-aws/config-schema';
import { CliError } from '../CliError.js';
import type { CliIo } from '../CliIo.js';
import type { Command } from '../Command.js';
import { ExitCode } from '../ExitCode.js';
import { initSyntax } from './initSyntax.js';
import { makeDirectory, writeFileAtomic } from '@kube-aws/asset-directory';
import { formatHelp, parseFlags } from '../internal/parseFlags.js';
import { installedSchemaUrl } from '../internal/installedSchemaUrl.js';

/** The guide's init flags and the cluster.yaml key each one sets. */
const VALUE_FLAGS = {
  'cluster-name': 'clusterName',
  'external-dns-name': 'externalDNSName',
  region: 'region',
  'availability-zone': 'availabilityZone',
  'key-name': 'keyName',
  'kms-key-arn': 'kmsKeyArn',
} as const satisfies Record<string, keyof InitialClusterValues>;

/** Values of `--sample`: the guide's example, with a well-formed KMS key ARN. */
export const SAMPLE_VALUES: InitialClusterValues = {
  clusterName: 'my-cluster-name',
  externalDNSName: 'my-cluster-endpoint.example.com',
  region: 'us-west-1',
  availabilityZone: 'us-west-1c',
  keyName: 'key-pair-name',
  kmsKeyArn: 'arn:aws:kms:us-west-1:123456789012:key/00000000-0000-4000-8000-000000000000',
};

const FLAGS = initSyntax.flags;

const HELP = formatHelp(
  'kube-aws init --cluster-name=<name> --external-dns-name=<host> --region=<region> --availability-zone=<zone> --key-name=<key-pair> --kms-key-arn=<arn>',
  'Writes a commented cluster.yaml (mode 0600) into the asset directory. It never replaces an\nexisting one unless --force is given.',
  FLAGS,
  'Example:\n  kube-aws init --cluster-name=my-cluster --external-dns-name=kube.example.com \\\n    --region=us-west-1 --availability-zone=us-west-1c --key-name=my-key \\\n    --kms-key-arn=arn:aws:kms:us-west-1:123456789012:key/<key-id>',
);

function collectValues(flags: Record<string, string | boolean | undefined>): InitialClusterValues {
  const values: Record<string, string> = flags.sample === true ? { ...SAMPLE_VALUES } : {};
  const missing: string[] = [];
  for (const [flag, key] of Object.entries(VALUE_FLAGS)) {
    const given = flags[flag];
    if (typeof given === 'string') values[key] = given;
    else if (values[key] === undefined) missing.push(`--${flag}`);
  }
  if (missing.length > 0) {
    throw new CliError(
      'USAGE',
      `missing ${missing.join(', ')} (or add --sample to use the sample cluster's values; see kube-aws init --help)`,
    );
  }
  return values as unknown as InitialClusterValues;
}

/**
 * The schema the modeline names. yaml-language-server takes its value up to the first whitespace,
 * so a value with a space would name another file.
 */
function schemaUrlOf(given: string | undefined): string {
  if (given === undefined) return installedSchemaUrl();
  if (given === '' || /\s/.test(given)) {
    throw new CliError(
      'USAGE',
      `--schema-url must be one URL or path without spaces (editors read it up to the first space; write a space as %20 in a file: URL), got ${JSON.stringify(given)}`,
    );
  }
  return given;
}

/** Points a problem found in the generated cluster.yaml at the flag that set the value. */
function atFlag(problem: ConfigProblem, values: InitialClusterValues): ConfigProblem {
  const key = problem.path.split(/[.[]/)[0];
  const flag = Object.entries(VALUE_FLAGS).find(([, name]) => name === key)?.[0];
  if (flag === undefined) return problem;
  const value = values[key as keyof InitialClusterValues];
  return { ...problem, file: `--${flag}=${value}`, line: undefined, column: undefined };
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags('init', args, FLAGS);
  if (flags.help === true) {
    io.stdout(HELP);
    return ExitCode.Ok;
  }
  const values = collectValues(flags);
  const text = renderInitialClusterYaml(values, { schemaUrl: schemaUrlOf(flags['schema-url']) });
  let warnings: readonly ConfigProblem[];
  try {
    warnings = loadClusterConfig(text, 'cluster.yaml').warnings;
  } catch (error) {
    if (!ConfigError.is(error)) throw error;
    const lines = error.problems
      .filter((problem) => problem.severity === 'error')
      .map((problem) => formatProblem(atFlag(problem, values)));
    throw new CliError(
      'CONFIG_INVALID',
      `the flags do not make a valid cluster:\n${lines.join('\n')}`,
      { cause: error },
    );
  }
  for (const warning of warnings) io.stderr(`${formatProblem(atFlag(warning, values))}\n`);

  const directory = resolve(io.cwd, flags['asset-dir'] ?? '.');
  await makeDirectory(directory, 0o755);
  const path = join(directory, 'cluster.yaml');
  const written = await writeFileAtomic(path, text, {
    mode: 0o600,
    overwrite: flags.force === true,
  });
  const fromCwd = relative(io.cwd, path);
  const shown = fromCwd === '' || fromCwd.startsWith('..') ? path : fromCwd;
  if (!written) {
    throw new CliError(
      'REFUSED_OVERWRITE',
      `${shown} already exists; init never replaces it. Edit it, or run init again with --force to start over.`,
    );
  }
  io.stdout(
    `Wrote ${shown} (mode 0600) for cluster ${values.clusterName} in ${values.region}.\nNext: review it, then run kube-aws render.\n`,
  );
  return ExitCode.Ok;
}

/** `kube-aws init`: writes a commented, valid cluster.yaml from the guide's flags. */
export const initCommand: Command = {
  name: 'init',
  summary: 'Write a commented cluster.yaml into the asset directory',
  help: HELP,
  run,
};
