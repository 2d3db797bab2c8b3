import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTool } from '../../../testing/findTool.js';

/** How a command run as a node's boot script ended. */
export interface NodeRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** PATH as systemd gives it to a unit's ExecStart. */
export const SYSTEMD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

// In a private mount namespace, /etc becomes an overlay (so the real /etc is never written, and a
// missing /etc/kubernetes can be made) and the directory is bound over the node path. The
// namespace, and with it every mount, ends when the command exits.
const SETUP = `set -euo pipefail
upper=$1 work=$2 source=$3 target=$4
shift 4
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$upper,workdir=$work" /etc
mkdir -p "$target"
mount --bind "$source" "$target"
exec "$@"`;

/** The unshare command line that runs `command` with `source` mounted at `target`. */
function namespaced(
  overlay: string,
  source: string,
  target: string,
  command: readonly string[],
): string[] {
  return [
    '--mount',
    '--propagation',
    'private',
    'bash',
    '-c',
    SETUP,
    'setup',
    join(overlay, 'upper'),
    join(overlay, 'work'),
    source,
    target,
    ...command,
  ];
}

function makeOverlay(): string {
  const overlay = mkdtempSync(join(tmpdir(), 'kube-aws-etc-overlay-'));
  mkdirSync(join(overlay, 'upper'));
  mkdirSync(join(overlay, 'work'));
  return overlay;
}

/**
 * Runs a command as a node's boot script would run, with `source` (a temporary directory) mounted
 * at `target` (`/etc/kubernetes` or `/etc/kubernetes/ssl`), without touching the host's /etc.
 * Only the given environment is passed, as systemd passes only a unit's own.
 */
export function runWithEtcKubernetes(
  source: string,
  target: string,
  command: readonly string[],
  env: Readonly<Record<string, string>>,
): NodeRun {
  const overlay = makeOverlay();
  try {
    const result = spawnSync(findTool('unshare'), namespaced(overlay, source, target, command), {
      encoding: 'utf8',
      env: { PATH: SYSTEMD_PATH, ...env },
      // stdin is /dev/null, as systemd gives it: bash reads ~/.bashrc when stdin is a socket.
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    if (result.error !== undefined) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(overlay, { recursive: true, force: true });
  }
}

/**
 * runWithEtcKubernetes without blocking the event loop, for a script that talks to a server in
 * this process (a stand-in of the API).
 */
export async function runWithEtcKubernetesAsync(
  source: string,
  target: string,
  command: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<NodeRun> {
  const overlay = makeOverlay();
  try {
    const child = spawn(findTool('unshare'), namespaced(overlay, source, target, command), {
      env: { PATH: SYSTEMD_PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve(code));
    });
    return { status, stdout, stderr };
  } finally {
    rmSync(overlay, { recursive: true, force: true });
  }
}
