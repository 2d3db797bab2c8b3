import { join, resolve } from 'node:path';
import {
  checkCredentials,
  generateCredentials,
  PkiError,
  planCredentials,
  renderKubeconfig,
} from '@kube-aws/pki';
import { CliError } from '../CliError.js';
import type { CliIo } from '../CliIo.js';
import type { Command } from '../Command.js';
import { ExitCode } from '../ExitCode.js';
import {
  credentialsDirectory,
  prepareCredentialsDirectory,
  readCredentialFiles,
  restrictKeyFile,
  writeIfChanged,
} from '../internal/credentialFiles.js';
import { loadAssetConfig } from '../internal/loadAssetConfig.js';
import { formatHelp, parseFlags } from '../internal/parseFlags.js';
import { writeFileAtomic } from '../internal/writeFileAtomic.js';

const FLAGS = {
  'asset-dir': {
    type: 'string',
    value: '<dir>',
    description: 'Asset directory holding cluster.yaml (default: the current directory)',
  },
  'force-regenerate': {
    type: 'string',
    value: '<name>',
    multiple: true,
    description: 'Make this credential anew although it exists (repeatable), e.g. apiserver',
  },
  'i-understand-this-replaces-the-ca': {
    type: 'boolean',
    description: 'Allow --force-regenerate to replace a CA and everything it signed',
  },
  help: { type: 'boolean', description: 'Show this help' },
} as const;

const HELP = formatHelp(
  'kube-aws render credentials [--asset-dir=<dir>] [--force-regenerate=<name>]',
  [
    'Generates the TLS assets that are missing from credentials/ (mode 0700, keys 0600) and writes',
    'kubeconfig. Existing files are never replaced, so your own PKI is kept; they are checked (chain,',
    'key match, names, usages, expiry) before use. Rendering twice changes no byte.',
    '',
    'kube-aws render (cloud-config and stack template) is coming; today render takes "credentials".',
  ].join('\n'),
  FLAGS,
  'Credentials: ca, etcd-ca, front-proxy-ca, apiserver, worker, admin, apiserver-kubelet-client,\ncontroller-manager, scheduler, etcd-server, etcd-peer, etcd-client, apiserver-etcd-client,\nfront-proxy-client, service-account.',
);

async function renderCredentials(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags('render credentials', args, FLAGS);
  if (flags.help === true) {
    io.stdout(HELP);
    return ExitCode.Ok;
  }
  const assetDirectory = resolve(io.cwd, flags['asset-dir'] ?? '.');
  const config = await loadAssetConfig(assetDirectory, io);
  const directory = credentialsDirectory(assetDirectory);
  await prepareCredentialsDirectory(directory);
  const specs = planCredentials(config);
  const names = specs.flatMap((spec) => [spec.certificateFile, spec.keyFile]);
  const existing = await readCredentialFiles(directory, names);
  let result;
  try {
    result = await generateCredentials(config, existing, {
      forceRegenerate: (flags['force-regenerate'] ?? []).flatMap((name) => name.split(',')),
      allowCaReplacement: flags['i-understand-this-replaces-the-ca'] === true,
    });
  } catch (error) {
    if (PkiError.is(error))
      throw new CliError('CREDENTIALS_INVALID', error.message, { cause: error });
    throw error;
  }
  for (const [name, file] of result.files) {
    await writeFileAtomic(join(directory, name), file.content, {
      mode: file.secret ? 0o600 : 0o644,
      overwrite: true,
    });
  }
  for (const spec of specs) {
    if (
      existing.has(spec.keyFile) &&
      !result.files.has(spec.keyFile) &&
      (await restrictKeyFile(join(directory, spec.keyFile)))
    ) {
      io.stderr(`credentials/${spec.keyFile} was readable by others; its mode is now 0600\n`);
    }
  }
  const all = new Map([
    ...existing,
    ...[...result.files].map(([name, file]) => [name, file.content] as const),
  ]);
  const problems = await checkCredentials(config, all);
  if (problems.length > 0) {
    const lines = problems.map((problem) => `credentials/${problem.file}: ${problem.message}`);
    throw new CliError(
      'CREDENTIALS_INVALID',
      `the credentials cannot be used:\n${lines.join('\n')}\nReplace the files, or make them anew with --force-regenerate=<name>.`,
    );
  }
  const kubeconfigChanged = await writeIfChanged(
    join(assetDirectory, 'kubeconfig'),
    renderKubeconfig(config),
    0o600,
  );
  if (result.generated.length > 0)
    io.stdout(`Generated in credentials/: ${result.generated.join(', ')}\n`);
  if (result.kept.length > 0) io.stdout(`Kept as they were: ${result.kept.join(', ')}\n`);
  if (kubeconfigChanged) io.stdout('Wrote kubeconfig: kubectl --kubeconfig=kubeconfig get nodes\n');
  return ExitCode.Ok;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const [what, ...rest] = args;
  if (what === 'credentials') return renderCredentials(rest, io);
  if (what === undefined || what === '--help' || what === '-h') {
    io.stdout(HELP);
    return what === undefined ? ExitCode.UserError : ExitCode.Ok;
  }
  throw new CliError(
    'USAGE',
    `render ${what} is not available; this version renders "credentials" (see kube-aws render --help)`,
  );
}

/** `kube-aws render credentials`: the TLS assets and kubeconfig of the asset directory. */
export const renderCommand: Command = {
  name: 'render',
  summary: 'Render the asset directory (today: render credentials)',
  help: HELP,
  run,
};
