import { resolve } from 'node:path';
import { describeCluster } from '@kube-aws/aws-provisioner';
import { decodePem, planCredentials, readCertificateDer, readCertificateInfo } from '@kube-aws/pki';
import type { CliIo } from '../CliIo.js';
import type { Command } from '../Command.js';
import { ExitCode } from '../ExitCode.js';
import { credentialsDirectory, readCredentialFiles } from '../internal/credentialFiles.js';
import { loadAssetConfig } from '../internal/loadAssetConfig.js';
import { formatHelp, parseFlags } from '../internal/parseFlags.js';
import { clientsFor } from '../internal/prepareDeployment.js';
import { provisioning } from '../internal/provisionErrors.js';
import { CliError } from '../CliError.js';

const FLAGS = {
  'asset-dir': {
    type: 'string',
    value: '<dir>',
    description: 'Asset directory holding cluster.yaml (default: the current directory)',
  },
  'endpoint-url': {
    type: 'string',
    value: '<url>',
    description: 'Send AWS calls here, e.g. a local emulator (default: AWS_ENDPOINT_URL)',
  },
  output: { type: 'string', value: 'text|json', description: 'Output format (default: text)' },
  help: { type: 'boolean', description: 'Show this help' },
} as const;

const HELP = formatHelp(
  'kube-aws status [--output=json]',
  'Prints the cluster name, stack status, the controller IP (the A record externalDNSName needs), the API endpoint, the stack outputs and when the certificates expire.',
  FLAGS,
);

async function certificateExpiry(assetDirectory: string, io: CliIo) {
  const config = await loadAssetConfig(assetDirectory, io);
  const specs = planCredentials(config).filter((spec) => spec.kind !== 'key-pair');
  const files = await readCredentialFiles(
    credentialsDirectory(assetDirectory),
    specs.map((spec) => spec.certificateFile),
  );
  const now = Date.now();
  return specs
    .filter((spec) => files.has(spec.certificateFile))
    .map((spec) => {
      const info = readCertificateInfo(
        readCertificateDer(
          decodePem('CERTIFICATE', files.get(spec.certificateFile)!, spec.certificateFile),
        ).certificate,
      );
      return {
        file: spec.certificateFile,
        notAfter: info.notAfter.toISOString(),
        daysLeft: Math.floor((info.notAfter.getTime() - now) / 86_400_000),
      };
    })
    .sort((a, b) => a.daysLeft - b.daysLeft);
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags('status', args, FLAGS);
  if (flags.help === true) {
    io.stdout(HELP);
    return ExitCode.Ok;
  }
  const output = flags.output ?? 'text';
  if (output !== 'text' && output !== 'json')
    throw new CliError('USAGE', `--output must be text or json (got ${JSON.stringify(output)})`);
  const assetDirectory = resolve(io.cwd, flags['asset-dir'] ?? '.');
  const config = await loadAssetConfig(assetDirectory, io);
  const status = await provisioning(() =>
    describeCluster(clientsFor(config, io, flags['endpoint-url']), config.clusterName),
  );
  const certificates = await certificateExpiry(assetDirectory, io);
  if (output === 'json') {
    io.stdout(JSON.stringify({ ...status, certificates }, null, 2) + '\n');
    return ExitCode.Ok;
  }
  const soonest = certificates[0];
  io.stdout(
    [
      `Cluster name:   ${status.clusterName}`,
      `Stack status:   ${status.stackStatus}${status.stackStatusReason === undefined ? '' : ` (${status.stackStatusReason})`}`,
      `Controller IP:  ${status.controllerIP ?? '-'}`,
      `API endpoint:   ${status.apiEndpoint ?? `https://${config.externalDNSName}`}`,
      `Protected:      ${status.terminationProtection ? 'yes (kube-aws destroy --force turns it off)' : 'no'}`,
      'Outputs:',
      ...Object.entries(status.outputs).map(([key, value]) => `  ${key}: ${value}`),
      `Certificates:   ${soonest === undefined ? '-' : `the first to expire is ${soonest.file} in ${soonest.daysLeft} days (${soonest.notAfter})`}`,
      '',
    ].join('\n'),
  );
  return ExitCode.Ok;
}

/** `kube-aws status`. */
export const statusCommand: Command = {
  name: 'status',
  summary: 'Show the stack status, the controller IP and the API endpoint',
  help: HELP,
  run,
};
