import { resolve } from 'node:path';
import { CliError } from '../CliError.js';
import type { CliIo } from '../CliIo.js';
import type { Command } from '../Command.js';
import { ExitCode } from '../ExitCode.js';
import { loadAssetConfig, paint, readCertificates } from '@kube-aws/asset-directory';
import { showSyntax } from './showSyntax.js';
import { expiryWarning, WARN_DAYS } from '../internal/expiryWarning.js';
import { formatHelp, parseFlags } from '../internal/parseFlags.js';
import { formatOutput, outputFormat } from '../internal/outputFormat.js';

const FLAGS = showSyntax.flags;

const HELP = formatHelp(
  'kube-aws show certificates [--asset-dir=<dir>] [-o text|json|yaml]',
  `Prints subject, issuer, SANs, key type and days until expiry of each certificate in credentials/.\nWarns below ${WARN_DAYS} days; exits 1 when one has expired or is missing.`,
  FLAGS,
);

async function showCertificates(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags('show certificates', args, FLAGS);
  if (flags.help === true) {
    io.stdout(HELP);
    return ExitCode.Ok;
  }
  const output = outputFormat(flags.output);
  const assetDirectory = resolve(io.cwd, flags['asset-dir'] ?? '.');
  const config = await loadAssetConfig(assetDirectory, io);
  const now = Date.now();
  let failed = false;
  // What the text shows, for -o json|yaml: one entry per certificate, with its state.
  const listed: Record<string, unknown>[] = [];
  for (const { spec, info, daysLeft: days } of await readCertificates(
    config,
    assetDirectory,
    now,
  )) {
    if (info === undefined) {
      io.stderr(`credentials/${spec.certificateFile}: missing; run kube-aws render credentials\n`);
      listed.push({ file: `credentials/${spec.certificateFile}`, state: 'missing' });
      failed = true;
      continue;
    }
    const names = [
      ...info.dnsNames.map((name) => `DNS:${name}`),
      ...info.ipAddresses.map((address) => `IP:${address}`),
    ];
    const expired = info.notAfter.getTime() <= now;
    listed.push({
      file: `credentials/${spec.certificateFile}`,
      subject: info.subject,
      issuer: info.issuer,
      dnsNames: info.dnsNames,
      ipAddresses: info.ipAddresses,
      keyType: info.keyType,
      notAfter: info.notAfter.toISOString(),
      daysLeft: days,
      state: expired ? 'expired' : days < WARN_DAYS ? 'expiring' : 'ok',
    });
    if (output === 'text')
      io.stdout(
        [
          `credentials/${spec.certificateFile}`,
          `  subject:  ${info.subject}`,
          `  issuer:   ${info.issuer}`,
          `  SANs:     ${names.length === 0 ? '-' : names.join(', ')}`,
          `  key:      ${info.keyType}`,
          `  expires:  ${info.notAfter.toISOString()} (${days} days)`,
          '',
        ].join('\n'),
      );
    if (info.notAfter.getTime() <= now) {
      io.stderr(
        `error: credentials/${spec.certificateFile} expired on ${info.notAfter.toISOString()}\n`,
      );
      failed = true;
    } else {
      const warning = expiryWarning(spec, days);
      if (warning !== undefined) io.stderr(`${paint('warning:', 'yellow', io.color)} ${warning}\n`);
    }
  }
  if (output !== 'text') io.stdout(await formatOutput(output, { certificates: listed }));
  return failed ? ExitCode.UserError : ExitCode.Ok;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const [what, ...rest] = args;
  if (what === 'certificates') return showCertificates(rest, io);
  if (what === undefined || what === '--help' || what === '-h') {
    io.stdout(HELP);
    return what === undefined ? ExitCode.UserError : ExitCode.Ok;
  }
  throw new CliError('USAGE', `show ${what} is not available; try kube-aws show certificates`);
}

/** `kube-aws show certificates`. */
export const showCommand: Command = {
  name: 'show',
  summary: 'Show the certificates in credentials/ and when they expire',
  help: HELP,
  run,
};
