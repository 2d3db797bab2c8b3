import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterConfig } from '@kube-aws/config-schema';
import type { AssetIo } from '../src/index.js';
import {
  loadAssetConfig,
  renderCredentials,
  renderTemplateFiles,
  resolveTemplates,
} from '../src/index.js';

/** The build identity the fingerprint tests hand in, as the CLI's bundle hands in its sha256. */
export const TEST_BUILD = 'test-build';

const CLUSTER_YAML =
  'clusterName: my-cluster\nexternalDNSName: kube.example.com\nregion: us-west-1\navailabilityZone: us-west-1a\nkeyName: my-key\nkmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/00000000-0000-4000-8000-000000000000\n';

/** What was printed, and an io that records it. */
export function recordingIo(cwd: string): { io: AssetIo; out: { stdout: string; stderr: string } } {
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

export async function configOf(directory: string): Promise<ClusterConfig> {
  return loadAssetConfig(directory, recordingIo(directory).io);
}

/** What `kube-aws render` does, without the fingerprint: load, merge, credentials, templates. */
export async function render(directory: string): Promise<{ stdout: string; stderr: string }> {
  const { io, out } = recordingIo(directory);
  const config = await loadAssetConfig(directory, io);
  await resolveTemplates(config, directory);
  const options = {
    forceRegenerate: [],
    allowCaReplacement: false,
    allowEncryptionKeyReplacement: false,
  };
  await renderCredentials(config, directory, options, undefined, io);
  await renderTemplateFiles(config, directory, false, io);
  return out;
}

const directories: string[] = [];

/** A new directory with a cluster.yaml, rendered in full. */
export async function renderedDirectory(): Promise<string> {
  const directory = mkdtempSync(join(tmpdir(), 'kube-aws-fingerprint-'));
  directories.push(directory);
  writeFileSync(join(directory, 'cluster.yaml'), CLUSTER_YAML, { mode: 0o600 });
  await render(directory);
  return directory;
}

/** Call from afterAll. */
export function removeRenderedDirectories(): void {
  for (const directory of directories.splice(0))
    rmSync(directory, { recursive: true, force: true });
}
