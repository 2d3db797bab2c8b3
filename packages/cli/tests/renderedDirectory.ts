import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterConfig } from '@kube-aws/config-schema';
import type { CliIo } from '../src/CliIo.js';
import { loadAssetConfig } from '@kube-aws/asset-directory';
import { main } from '../src/main.js';

/** The build identity the fingerprint tests hand in, as the bundle would its own sha256. */
export const TEST_BUILD = 'test-build';

/** What a command printed, and an io that records it. */
export function recordingIo(cwd: string): { io: CliIo; out: { stdout: string; stderr: string } } {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: (text) => (out.stdout += text),
      stderr: (text) => (out.stderr += text),
      cwd,
      env: {},
    },
  };
}

/** Runs kube-aws in this process (unbundled: it never skips a render nor records one). */
export async function kubeAws(
  args: readonly string[],
  cwd: string,
): Promise<{ status: number; stdout: string; stderr: string }> {
  const { io, out } = recordingIo(cwd);
  const status = await main(args, io);
  return { status, ...out };
}

export async function configOf(directory: string): Promise<ClusterConfig> {
  return loadAssetConfig(directory, recordingIo(directory).io);
}

const directories: string[] = [];

/** A new directory with the sample cluster.yaml, rendered in full. */
export async function renderedDirectory(): Promise<string> {
  const directory = mkdtempSync(join(tmpdir(), 'kube-aws-fingerprint-'));
  directories.push(directory);
  for (const args of [['init', '--sample'], ['render']]) {
    const run = await kubeAws(args, directory);
    if (run.status !== 0) throw new Error(`kube-aws ${args.join(' ')}: ${run.stderr}`);
  }
  return directory;
}

/** Call from afterAll. */
export function removeRenderedDirectories(): void {
  for (const directory of directories.splice(0))
    rmSync(directory, { recursive: true, force: true });
}
