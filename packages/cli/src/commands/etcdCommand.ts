import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  deleteEtcdRestoreRequest,
  listEtcdRestored,
  listEtcdSnapshots,
  requestEtcdRestore,
  requestEtcdSnapshot,
} from '@kube-aws/aws-provisioner';
import type { AwsClients, EtcdBackupPlace } from '@kube-aws/aws-provisioner';
import type { ClusterConfig } from '@kube-aws/config-schema';
import { etcdBackupLocation } from '@kube-aws/renderer';
import { CliError } from '../CliError.js';
import type { CliIo } from '../CliIo.js';
import type { Command } from '../Command.js';
import { ExitCode } from '../ExitCode.js';
import { etcdSyntax } from './etcdSyntax.js';
import { formatOutput, outputFormat } from '../internal/outputFormat.js';
import { parseDuration } from '../internal/parseDuration.js';
import { formatHelp, parseFlags } from '../internal/parseFlags.js';
import {
  clientsFor,
  interrupted,
  loadAssetConfig,
  pollInterval,
  provisioning,
} from '@kube-aws/asset-directory';

const FLAGS = etcdSyntax.flags;

const HELP = formatHelp(
  'kube-aws etcd snapshot|list|restore --from=s3://… [--yes] [--wait=30m]',
  [
    "etcd's snapshots in S3 (etcd.backup.s3URI, by default under s3URI), which every controller's",
    'etcd-backup timer takes on the etcd leader every etcd.backup.intervalMinutes (docs/etcd.md).',
    '  snapshot  asks the controllers for one now, and waits until it is in S3',
    '  list      lists the snapshots, oldest first',
    '  restore   asks every controller to restore etcd from a snapshot, and waits until each has:',
    '            each stops its API server and etcd, restores, keeps the old data beside, and starts',
    '            them again. Everything written to the cluster since the snapshot is lost.',
  ].join('\n'),
  FLAGS,
  'Exit codes: 0 done, 1 wrong input, no backups configured or refused, 4 AWS failed, 5 the controllers did not act within --wait, 130 interrupted.',
);

/** Where the cluster's snapshots are, or a usage error saying how to configure them. */
function placeOf(config: ClusterConfig): EtcdBackupPlace {
  const location = etcdBackupLocation(config);
  if (location === undefined)
    throw new CliError(
      'USAGE',
      'etcd of this cluster is not backed up: set s3URI or etcd.backup.s3URI in cluster.yaml, then kube-aws update',
    );
  return { ...location, kmsKeyArn: config.kmsKeyArn };
}

/** Polls `done` until it returns a value or `within` ms pass; undefined then. */
async function waitFor<T>(
  io: CliIo,
  within: number,
  done: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const deadline = Date.now() + within;
  for (;;) {
    const value = await done();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) return undefined;
    if (io.signal?.aborted === true) throw interrupted('interrupted while waiting');
    await sleep(pollInterval(io), undefined, { signal: io.signal }).catch(() => undefined);
  }
}

async function snapshot(io: CliIo, clients: AwsClients, place: EtcdBackupPlace, wait: number) {
  const asked = await provisioning(() => requestEtcdSnapshot(clients, place, new Date()));
  io.stdout(`Asked the controllers for a snapshot (the etcd leader takes it within a minute).\n`);
  const taken = await waitFor(io, wait, async () =>
    (await provisioning(() => listEtcdSnapshots(clients, place))).find(
      (item) => item.takenAt >= asked,
    ),
  );
  if (taken === undefined) {
    io.stderr(
      `kube-aws etcd snapshot: no snapshot newer than the request appeared in s3://${place.bucket}/${place.prefix}/snapshots/; see journalctl -u etcd-backup on the controllers\n`,
    );
    return ExitCode.Unhealthy;
  }
  io.stdout(`Saved ${taken.uri} (${taken.bytes} bytes, from ${taken.controller}).\n`);
  return ExitCode.Ok;
}

async function list(io: CliIo, clients: AwsClients, place: EtcdBackupPlace, output: string) {
  const snapshots = await provisioning(() => listEtcdSnapshots(clients, place));
  if (output !== 'text') {
    io.stdout(await formatOutput(output as 'json' | 'yaml', snapshots));
    return ExitCode.Ok;
  }
  if (snapshots.length === 0) {
    io.stdout(`No snapshots in s3://${place.bucket}/${place.prefix}/snapshots/ yet.\n`);
    return ExitCode.Ok;
  }
  for (const item of snapshots)
    io.stdout(`${item.takenAt}  ${String(item.bytes).padStart(12)}  ${item.uri}\n`);
  return ExitCode.Ok;
}

async function restore(
  io: CliIo,
  config: ClusterConfig,
  clients: AwsClients,
  place: EtcdBackupPlace,
  from: string | undefined,
  yes: boolean,
  wait: number,
) {
  const root = `s3://${place.bucket}/${place.prefix}/snapshots/`;
  if (from === undefined || !from.startsWith(root) || from.slice(root.length).includes('/'))
    throw new CliError(
      'USAGE',
      `--from must name one of the cluster's snapshots, ${root}<name>.db (kube-aws etcd list shows them)`,
    );
  if (!yes) {
    if (io.confirm === undefined)
      throw new CliError(
        'USAGE',
        'nobody can confirm here (no terminal); run kube-aws etcd restore --yes to restore',
      );
    const answer = await io.confirm(
      `Restore etcd of ${config.clusterName} from ${from}? Everything written since is lost.`,
    );
    if (!answer) {
      io.stdout('Nothing restored.\n');
      return ExitCode.UserError;
    }
  }
  const id = `${new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
  const key = from.slice(`s3://${place.bucket}/`.length);
  await provisioning(() =>
    requestEtcdRestore(clients, place, {
      snapshotKey: key,
      id,
      expiresAt: new Date(Date.now() + wait),
    }),
  );
  io.stdout(
    `Asked every controller to restore from ${from} (request ${id}); each does within a minute.\n`,
  );
  const names = config.controller.privateIPs.map((_, index) => `controller${index}`);
  let reported: string[] = [];
  const done = await waitFor(io, wait, async () => {
    const now = await provisioning(() => listEtcdRestored(clients, place, id));
    for (const name of now.filter((item) => !reported.includes(item)))
      io.stdout(`  ${name} restored\n`);
    reported = now;
    return names.every((name) => now.includes(name)) ? now : undefined;
  });
  await provisioning(() => deleteEtcdRestoreRequest(clients, place));
  if (done === undefined) {
    const missing = names.filter((name) => !reported.includes(name));
    io.stderr(
      `kube-aws etcd restore: ${missing.join(', ')} did not report within --wait; the request is withdrawn. See journalctl -u etcd-backup there, and docs/etcd.md\n`,
    );
    return ExitCode.Unhealthy;
  }
  io.stdout(
    `Restored. The API servers start again on the restored data; run kube-aws check --wait=15m.\n`,
  );
  return ExitCode.Ok;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  const flags = parseFlags('etcd', action?.startsWith('-') === true ? args : rest, FLAGS);
  if (flags.help === true || action === undefined || action.startsWith('-')) {
    io.stdout(HELP);
    return flags.help === true ? ExitCode.Ok : ExitCode.UserError;
  }
  if (!(etcdSyntax.subcommands as readonly string[]).includes(action))
    throw new CliError(
      'USAGE',
      `unknown etcd action ${JSON.stringify(action)}; it is snapshot, list or restore (see kube-aws etcd --help)`,
    );
  const output = outputFormat(flags.output);
  const config = await loadAssetConfig(resolve(io.cwd, flags['asset-dir'] ?? '.'), io);
  const place = placeOf(config);
  const clients = clientsFor(config, io, flags['endpoint-url']);
  const wait =
    flags.wait === undefined
      ? action === 'restore'
        ? 30 * 60_000
        : 10 * 60_000
      : parseDuration('--wait', flags.wait);
  if (action === 'list') return list(io, clients, place, output);
  if (action === 'snapshot') return snapshot(io, clients, place, wait);
  return restore(io, config, clients, place, flags.from, flags.yes === true, wait);
}

/** `kube-aws etcd snapshot|list|restore`. */
export const etcdCommand: Command = {
  name: 'etcd',
  summary: "Take, list and restore etcd's snapshots in S3",
  help: HELP,
  run,
};
