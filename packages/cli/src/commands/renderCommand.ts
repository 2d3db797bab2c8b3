import { resolve } from 'node:path';
import { CliError } from '../CliError.js';
import type { CliIo } from '../CliIo.js';
import type { Command } from '../Command.js';
import { ExitCode } from '../ExitCode.js';
// Each from its own module: in the bundle, the package's index would load every chunk any command
// needs (the AWS SDK among them) before a render starts.
import { loadAssetConfig } from '@kube-aws/asset-directory/loadAssetConfig';
import { recordRenderFingerprint } from '@kube-aws/asset-directory/recordRenderFingerprint';
import { renderCredentials } from '@kube-aws/asset-directory/renderCredentials';
import { renderTemplateFiles } from '@kube-aws/asset-directory/renderTemplateFiles';
import { resolveTemplates } from '@kube-aws/asset-directory/resolveTemplates';
import { renderSyntax } from './renderSyntax.js';
import { formatHelp, parseFlags } from '../internal/parseFlags.js';
import { BUILD_ID } from '../internal/buildId.js';

const FLAGS = renderSyntax.flags;

const HELP = formatHelp(
  'kube-aws render [credentials] [--asset-dir=<dir>] [--force] [--force-regenerate=<name>]',
  [
    'Writes the asset directory: cloud-config/cloud-config-controller, cloud-config/cloud-config-worker',
    'and stack-template.json (templates you may edit; your edits are kept), and credentials/ with the',
    'TLS assets (mode 0700, keys 0600, never overwritten) and kubeconfig. `render credentials` does',
    'only the credentials. Existing credentials are checked (chain, key match, names, usages, expiry).',
    'Secrets present only sealed (credentials/<name>.enc, as a GitOps checkout has them) are opened',
    'with KMS Decrypt first, so the cluster keeps its CA and the encryption key of its Secrets.',
  ].join('\n'),
  FLAGS,
  'Credentials: ca, etcd-ca, front-proxy-ca, apiserver, worker, admin, apiserver-kubelet-client,\netcd-server, etcd-peer, etcd-client, apiserver-etcd-client, front-proxy-client, service-account,\nbootstrap-token, encryption-key (the key of Secrets at rest: replacing it loses every Secret).',
);

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const [first, ...others] = args;
  const onlyCredentials = first === 'credentials';
  if (first !== undefined && !first.startsWith('-') && !onlyCredentials) {
    throw new CliError(
      'USAGE',
      `render ${first} is not a thing kube-aws renders; try kube-aws render or kube-aws render credentials`,
    );
  }
  const flags = parseFlags(
    onlyCredentials ? 'render credentials' : 'render',
    onlyCredentials ? others : args,
    FLAGS,
  );
  if (flags.help === true) {
    io.stdout(HELP);
    return ExitCode.Ok;
  }
  const assetDirectory = resolve(io.cwd, flags['asset-dir'] ?? '.');
  const config = await loadAssetConfig(assetDirectory, io);
  const forceRegenerate = (flags['force-regenerate'] ?? []).flatMap((name) => name.split(','));
  // A conflict between an edited template and the config is refused before anything is written.
  if (!onlyCredentials) await resolveTemplates(config, assetDirectory);
  await renderCredentials(
    config,
    assetDirectory,
    {
      forceRegenerate,
      allowCaReplacement: flags['i-understand-this-replaces-the-ca'] === true,
      allowEncryptionKeyReplacement:
        flags['i-understand-this-replaces-the-encryption-key'] === true,
    },
    flags['endpoint-url'],
    io,
  );
  if (!onlyCredentials) await renderTemplateFiles(config, assetDirectory, flags.force === true, io);
  // The state this render left, when a render would leave it as it is: the next one stops at once.
  if (!onlyCredentials)
    await recordRenderFingerprint(config, assetDirectory, { buildId: BUILD_ID });
  return ExitCode.Ok;
}

/** `kube-aws render`: the asset directory the guide describes. */
export const renderCommand: Command = {
  name: 'render',
  summary: 'Render the asset directory: cloud-configs, stack template, credentials, kubeconfig',
  help: HELP,
  run,
};
