import { resolve } from 'node:path';
import { assertStackIdle, assertStackOwner, describeStackStatus } from '@kube-aws/aws-provisioner';
import { planCredentials } from '@kube-aws/pki';
import { CliError } from '../CliError.js';
import type { CliIo } from '../CliIo.js';
import type { Command } from '../Command.js';
import { ExitCode } from '../ExitCode.js';
import { rotateSyntax } from './rotateSyntax.js';
import { formatHelp, parseFlags } from '../internal/parseFlags.js';
import {
  clientsFor,
  loadAssetConfig,
  paint,
  provisioning,
  readCertificates,
  renderCredentialFiles,
  sealedOnlySecrets,
} from '@kube-aws/asset-directory';
import { updateCommand } from './deployCommand.js';

const FLAGS = rotateSyntax.flags;

const HELP = formatHelp(
  'kube-aws rotate certificates [--yes] [--asset-dir=<dir>]',
  [
    'Renews every leaf certificate in credentials/ (the API server, etcd, front proxy, admin and',
    'worker certificates) with a new key, under the same CAs: ca.pem, etcd-ca.pem and',
    'front-proxy-ca.pem stay byte for byte, so every node and kubeconfig keeps trusting the',
    'cluster. Then seals the new keys with KMS and applies them through kube-aws update (its plan,',
    'roll plan and question; --yes answers it): the controllers restart one at a time with the',
    'new certificates. Kubelets and the controllers\u2019 own certificates renew themselves.',
  ].join('\n'),
  FLAGS,
  'Rotating a CA is a staged procedure: docs/operations.md.',
);

/** The certificates `rotate certificates` renews: every one a CA of the cluster signs. */
function leafCertificates(config: Parameters<typeof planCredentials>[0]): string[] {
  return planCredentials(config)
    .filter((spec) => spec.kind === 'certificate')
    .map((spec) => spec.name);
}

async function rotateCertificates(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags('rotate certificates', args, FLAGS);
  if (flags.help === true) {
    io.stdout(HELP);
    return ExitCode.Ok;
  }
  const assetDirectory = resolve(io.cwd, flags['asset-dir'] ?? '.');
  const config = await loadAssetConfig(assetDirectory, io);
  const stackName = config.clusterName;
  // Asked before anything is made: renewing what no running cluster uses is render's job.
  const clients = clientsFor(config, io, flags['endpoint-url']);
  const current = await provisioning(() => describeStackStatus(clients, stackName, io.signal));
  if (current === undefined || current.status === 'REVIEW_IN_PROGRESS')
    throw new CliError(
      'USAGE',
      `there is no stack ${stackName} to rotate; before kube-aws up, make a certificate anew with kube-aws render credentials --force-regenerate=<name>`,
    );
  await provisioning(async () => {
    assertStackOwner(current, stackName, stackName);
    assertStackIdle(current, stackName);
  });
  const leaves = leafCertificates(config);
  // A fresh checkout holds the secrets only sealed: open the CA keys, which sign the new leaves.
  if ((await sealedOnlySecrets(config, assetDirectory, leaves)).length > 0) {
    const { openSealedCredentials } = await import('@kube-aws/asset-directory');
    await openSealedCredentials(config, assetDirectory, clients, io, { forceRegenerate: leaves });
  }
  io.stdout(`Renewing under the same CAs, each with a new key: ${leaves.join(', ')}\n`);
  await renderCredentialFiles(
    config,
    assetDirectory,
    { forceRegenerate: leaves, allowCaReplacement: false, allowEncryptionKeyReplacement: false },
    io,
  );
  // A leaf never outlives its CA (docs/adr/0005-pki-assets.md): say when a CA cuts them short.
  for (const { spec, info, daysLeft } of await readCertificates(config, assetDirectory))
    if (spec.kind === 'ca' && info !== undefined && daysLeft < config.tlsCertDurationDays)
      io.stderr(
        `${paint('warning:', 'yellow', io.color)} credentials/${spec.certificateFile} expires in ${daysLeft} days, and what it signs expires with it: rotate the CA (docs/operations.md, "Rotating a CA")\n`,
      );
  const update = [
    ...(flags['asset-dir'] === undefined ? [] : [`--asset-dir=${flags['asset-dir']}`]),
    ...(flags['s3-uri'] === undefined ? [] : [`--s3-uri=${flags['s3-uri']}`]),
    ...(flags['endpoint-url'] === undefined ? [] : [`--endpoint-url=${flags['endpoint-url']}`]),
    ...(flags.yes === true ? ['--yes'] : []),
  ];
  const pending = () =>
    io.stderr(
      'The renewed certificates are in credentials/ and trusted by the running cluster (same CAs); kube-aws update applies them.\n',
    );
  let code: number;
  try {
    code = await updateCommand.run(update, io);
  } catch (error) {
    pending();
    throw error;
  }
  if (code !== ExitCode.Ok) pending();
  return code;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const [what, ...rest] = args;
  if (what === 'certificates') return rotateCertificates(rest, io);
  if (what === undefined || what === '--help' || what === '-h') {
    io.stdout(HELP);
    return what === undefined ? ExitCode.UserError : ExitCode.Ok;
  }
  throw new CliError('USAGE', `rotate ${what} is not available; try kube-aws rotate certificates`);
}

/** `kube-aws rotate certificates`. */
export const rotateCommand: Command = {
  name: 'rotate',
  summary: 'Renew every leaf certificate under the same CAs and apply them (rotate certificates)',
  help: HELP,
  run,
};
