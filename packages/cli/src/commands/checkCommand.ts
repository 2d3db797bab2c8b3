import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CliIo } from '../CliIo.js';
import type { Command } from '../Command.js';
import { ExitCode } from '../ExitCode.js';
import { formatOutput, outputFormat } from '../internal/outputFormat.js';
import type { CheckRow } from '../internal/CheckRow.js';
import { checkSyntax } from './checkSyntax.js';
import { createKubeClient } from '../internal/createKubeClient.js';
import { formatCheckTable } from '../internal/formatCheckTable.js';
import { formatHelp, parseFlags } from '../internal/parseFlags.js';
import { parseDuration } from '../internal/parseDuration.js';
import { DNS_PROBE_IMAGE, DNS_PROBE_NAME } from '../internal/probeClusterDns.js';
import { readKubeconfig } from '../internal/readKubeconfig.js';
import { runClusterChecks } from '../internal/runClusterChecks.js';
import { loadAssetConfig, pollInterval } from '@kube-aws/asset-directory';

const FLAGS = checkSyntax.flags;

const SUMMARY = 'Check that the cluster works: nodes Ready and initialized, kube-system pods, DNS';

const HELP = formatHelp(
  'kube-aws check [--wait=15m] [-o text|json|yaml]',
  `${SUMMARY}. Lists every node cluster.yaml asks for, checks that each is Ready and initialized by the AWS cloud-controller-manager, that every pod in kube-system runs, and that a short-lived pod in kube-system (${DNS_PROBE_IMAGE}) resolves ${DNS_PROBE_NAME}.`,
  FLAGS,
  'Exit codes: 0 every check passed, 1 wrong input or the API refused the kubeconfig, 5 a check failed or the API did not answer, 130 interrupted.',
);

/** Time between rounds, and the unit of the DNS probe's polls; tests set KUBE_AWS_POLL_INTERVAL_MS. */
function roundInterval(io: CliIo): number {
  return io.env.KUBE_AWS_POLL_INTERVAL_MS === undefined ? 10_000 : pollInterval(io);
}

function elapsed(start: number): string {
  const seconds = Math.max(0, Math.round((Date.now() - start) / 1000));
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Why the cluster did not pass: the API's problem when it did not answer, else the count. */
function shortfall(rows: readonly CheckRow[], wait: string | undefined): string {
  const api = rows[0]!;
  if (api.state !== 'OK') return api.detail;
  const open = rows.filter((row) => row.state !== 'OK').length;
  const hint =
    wait === undefined
      ? '; a new cluster needs some minutes: kube-aws check --wait 15m'
      : ` within ${wait}`;
  return `${open} of ${rows.length} checks did not pass${hint}`;
}

// The DNS probe looks at its pod every fifth of a round, up to 60 times: 2 minutes by default.
const PROBE_POLLS = 60;

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags('check', args, FLAGS);
  if (flags.help === true) {
    io.stdout(HELP);
    return ExitCode.Ok;
  }
  const output = outputFormat(flags.output);
  const waitMs = flags.wait === undefined ? 0 : parseDuration('--wait', flags.wait);
  const assetDirectory = resolve(io.cwd, flags['asset-dir'] ?? '.');
  const config = await loadAssetConfig(assetDirectory, io);
  const expectedNodes =
    config.controller.count + config.worker.nodePools.reduce((sum, pool) => sum + pool.count, 0);
  const kubeconfig =
    flags.kubeconfig === undefined
      ? join(assetDirectory, 'kubeconfig')
      : resolve(io.cwd, flags.kubeconfig);
  const client = createKubeClient(await readKubeconfig(kubeconfig));
  const progress = output === 'text' ? io.stdout : io.stderr;
  const interval = roundInterval(io);
  const probePollMs = Math.max(1, Math.round(interval / 5));
  const start = Date.now();
  const deadline = start + waitMs;
  let rows: readonly CheckRow[];
  let rounds = 0;
  try {
    for (;;) {
      rounds += 1;
      rows = await runClusterChecks(client, {
        expectedNodes,
        signal: io.signal,
        dnsProbe: {
          suffix: randomBytes(3).toString('hex'),
          pollMs: probePollMs,
          // With --wait the probe ends by the deadline; without, it has its full 2 minutes.
          polls:
            waitMs === 0
              ? PROBE_POLLS
              : Math.min(
                  PROBE_POLLS,
                  Math.max(1, Math.floor((deadline - Date.now()) / probePollMs)),
                ),
        },
      });
      if (rows.every((row) => row.state === 'OK') || Date.now() + interval > deadline) break;
      // What fails, or else what waits: a WAIT row only repeats what it waits for.
      const failing = rows.filter((row) => row.state === 'FAIL');
      const open = failing.length > 0 ? failing : rows.filter((row) => row.state === 'WAIT');
      progress(
        `[${elapsed(start)}] waiting: ${open.map((row) => `${row.check} ${row.state} (${row.detail})`).join('; ')}\n`,
      );
      await sleep(interval, undefined, { signal: io.signal });
    }
  } catch (error) {
    if (io.signal?.aborted !== true) throw error;
    io.stderr('kube-aws check: interrupted\n');
    return ExitCode.Interrupted;
  } finally {
    client.close();
  }
  const healthy = rows.every((row) => row.state === 'OK');
  if (output !== 'text')
    io.stdout(
      await formatOutput(output, {
        cluster: config.clusterName,
        server: client.server,
        expectedNodes,
        healthy,
        rounds,
        checks: rows,
      }),
    );
  else io.stdout(formatCheckTable(rows));
  if (healthy) {
    if (output === 'text') io.stdout(`\n${config.clusterName}: every check passed.\n`);
    return ExitCode.Ok;
  }
  io.stderr(`kube-aws check: ${shortfall(rows, flags.wait)}\n`);
  return ExitCode.Unhealthy;
}

/** `kube-aws check`: is the cluster up and working? */
export const checkCommand: Command = {
  name: 'check',
  summary: SUMMARY,
  help: HELP,
  run,
};
