import { AssetError } from '@kube-aws/asset-directory/AssetError';
import { paint } from '@kube-aws/asset-directory/paint';
import { CliError } from './CliError.js';
import type { CliIo } from './CliIo.js';
import { ExitCode } from './ExitCode.js';
import { commandTable } from './internal/commandTable.js';
import { GLOBAL_FLAGS } from './internal/commonFlags.js';
import { readPackageVersion } from './internal/readPackageVersion.js';
import { suggestFlag } from './internal/suggestFlag.js';

function generalHelp(): string {
  const width = Math.max(...Object.keys(commandTable).map((name) => name.length)) + 2;
  const rows = Object.entries(commandTable).map(
    ([name, command]) => `  ${name.padEnd(width)}${command.summary}`,
  );
  const options = Object.entries(GLOBAL_FLAGS).map(
    ([name, flag]) => [`-${flag.short}, --${name}`, flag.description] as const,
  );
  const flagWidth = Math.max(...options.map(([left]) => left.length)) + 3;
  const flags = options.map(([left, description]) => `  ${left.padEnd(flagWidth)}${description}`);
  return [
    'Usage: kube-aws <command> [flags]',
    '',
    'Turns one cluster.yaml into a self-managed Kubernetes cluster on AWS through CloudFormation.',
    '',
    'Commands:',
    ...rows,
    '',
    'Flags:',
    ...flags,
    '',
    'Exit codes: 0 ok, 1 wrong input or refused, 2 a bug in kube-aws, 3 diff found changes, 4 AWS failed, 130 interrupted.',
    '            kube-aws check exits 5 when the cluster fails a check.',
    '',
  ].join('\n');
}

/** Runs the kube-aws command line and returns its exit code; never throws. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (
    name === undefined ||
    name === '--help' ||
    name === '-h' ||
    (name === 'help' && rest.length === 0)
  ) {
    io.stdout(generalHelp());
    // A bare kube-aws asks what there is, like kubectl: help on stdout, and success.
    return ExitCode.Ok;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout(`kube-aws ${readPackageVersion(new URL('../package.json', import.meta.url))}\n`);
    return ExitCode.Ok;
  }
  const wanted = name === 'help' ? rest[0]! : name;
  // Own keys only: `kube-aws toString` is an unknown command, not Object.prototype's.
  const entry = Object.hasOwn(commandTable, wanted) ? commandTable[wanted] : undefined;
  if (entry === undefined) {
    const close = suggestFlag(wanted, Object.keys(commandTable));
    const reason = `unknown command ${JSON.stringify(wanted)}${close === undefined ? '' : `; did you mean ${close}?`}`;
    io.stderr(
      `kube-aws: ${paint(reason, 'red', io.color)}\nRun kube-aws --help for the list of commands.\n`,
    );
    return ExitCode.UserError;
  }
  try {
    if (name !== 'help' && (await entry.shortcut?.(rest, io)) === true) return ExitCode.Ok;
    const command = await entry.load();
    if (name === 'help') {
      io.stdout(command.help);
      return ExitCode.Ok;
    }
    return await command.run(rest, io);
  } catch (error) {
    if (CliError.is(error) || AssetError.is(error)) {
      io.stderr(`kube-aws ${wanted}: ${paint(error.message, 'red', io.color)}\n`);
      return error.exitCode;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(
      `kube-aws ${wanted}: ${paint('internal error, a bug in kube-aws', 'red', io.color)}; please report it with this output:\n${detail}\n`,
    );
    return ExitCode.InternalError;
  }
}
