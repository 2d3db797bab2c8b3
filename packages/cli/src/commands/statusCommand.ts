import { resolve } from 'node:path';
import { describeCluster } from '@kube-aws/aws-provisioner';
import type { CliIo } from '../CliIo.js';
import type { Command } from '../Command.js';
import { ExitCode } from '../ExitCode.js';
import { formatOutput, outputFormat } from '../internal/outputFormat.js';
import {
  clientsFor,
  loadAssetConfig,
  paint,
  provisioning,
  readCertificates,
  statusPaint,
} from '@kube-aws/asset-directory';
import { statusSyntax } from './statusSyntax.js';
import { expiryWarning, WARN_DAYS } from '../internal/expiryWarning.js';
import { formatHelp, parseFlags } from '../internal/parseFlags.js';

const FLAGS = statusSyntax.flags;

const HELP = formatHelp(
  'kube-aws status [-o text|json|yaml]',
  `Prints the cluster name, stack status, the controller IP (the A record externalDNSName needs) or, with HA controllers, the API load balancer (its alias or CNAME), the API endpoint, the stack outputs and the days left to each certificate, flagging those under ${WARN_DAYS}.`,
  FLAGS,
);

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags('status', args, FLAGS);
  if (flags.help === true) {
    io.stdout(HELP);
    return ExitCode.Ok;
  }
  const output = outputFormat(flags.output);
  const assetDirectory = resolve(io.cwd, flags['asset-dir'] ?? '.');
  const config = await loadAssetConfig(assetDirectory, io);
  const status = await provisioning(() =>
    describeCluster(clientsFor(config, io, flags['endpoint-url']), config.clusterName),
  );
  const certificates = (await readCertificates(config, assetDirectory))
    .filter((item) => item.info !== undefined)
    .map((item) => ({
      file: item.spec.certificateFile,
      notAfter: item.info!.notAfter.toISOString(),
      daysLeft: item.daysLeft,
      warning: expiryWarning(item.spec, item.daysLeft),
    }))
    .sort((a, b) => a.daysLeft - b.daysLeft);
  const apiEndpoint = status.apiEndpoint ?? `https://${config.externalDNSName}`;
  if (output !== 'text') {
    // Everything the text shows, under the same names: the endpoint too when the stack has none yet.
    io.stdout(await formatOutput(output, { ...status, apiEndpoint, certificates }));
    return ExitCode.Ok;
  }
  const width = Math.max(0, ...certificates.map((item) => item.file.length));
  io.stdout(
    [
      `Cluster name:   ${status.clusterName}`,
      `Stack status:   ${paint(status.stackStatus, statusPaint(status.stackStatus) ?? 'yellow', io.color)}${status.stackStatusReason === undefined ? '' : ` (${status.stackStatusReason})`}`,
      status.apiLoadBalancer === undefined
        ? `Controller IP:  ${status.controllerIP ?? '-'}`
        : `Load balancer:  ${status.apiLoadBalancer} (externalDNSName must resolve to it: an alias or CNAME record)`,
      `API endpoint:   ${apiEndpoint}`,
      `Protected:      ${status.terminationProtection ? 'yes (kube-aws destroy --force turns it off)' : 'no'}`,
      'Outputs:',
      ...Object.entries(status.outputs).map(([key, value]) => `  ${key}: ${value}`),
      `Certificates:   ${certificates.length === 0 ? '-' : 'days left, the first to expire first'}`,
      ...certificates.map(
        (item) =>
          `  ${item.file.padEnd(width)}  ${String(item.daysLeft).padStart(5)}  (${item.notAfter})${item.warning === undefined ? '' : '  !'}`,
      ),
      '',
    ].join('\n'),
  );
  for (const item of certificates)
    if (item.warning !== undefined)
      io.stderr(`${paint('warning:', 'yellow', io.color)} ${item.warning}\n`);
  return ExitCode.Ok;
}

/** `kube-aws status`. */
export const statusCommand: Command = {
  name: 'status',
  summary: 'Show the stack status, the controller IP and the API endpoint',
  help: HELP,
  run,
};
