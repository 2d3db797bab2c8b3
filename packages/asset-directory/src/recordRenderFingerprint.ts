import { join } from 'node:path';
import type { ClusterConfig } from '@kube-aws/config-schema';
import { renderAssets } from '@kube-aws/renderer';
import { fingerprintAssetDirectory } from './fingerprintAssetDirectory.js';
import { describeUnchangedRender } from './internal/describeUnchangedRender.js';
import type { RenderFingerprint } from './RenderFingerprint.js';
import { RENDER_FINGERPRINT_FILE } from './RenderFingerprint.js';
import { writeFileAtomic } from './writeFileAtomic.js';

export interface RenderFingerprintOptions {
  /**
   * Which code renders: the CLI hands in its bundle's own sha256. Without one (code that cannot
   * say which it is, such as tsc's unbundled output) nothing is recorded, nor skipped.
   */
  readonly buildId: string | undefined;
  /** @default the current time */
  readonly now?: Date;
}

/**
 * What a render reads and writes: cluster.yaml, credentials/, kubeconfig, the templates, and
 * .kube-aws/ (the templates' state and bases, the stack record).
 */
function renderedPaths(templates: Readonly<Record<string, string>>): string[] {
  const paths = new Set(['.kube-aws/', 'cluster.yaml', 'credentials/', 'kubeconfig']);
  for (const file of Object.keys(templates))
    paths.add(file.includes('/') ? `${file.slice(0, file.indexOf('/'))}/` : file);
  return [...paths].sort();
}

/**
 * After a full render: digests the asset directory as it now is, and records the digest in
 * `credentials/.render-fingerprint.json` (0644: no secret; git ignores it there) when a render of
 * exactly that state would change nothing (describeUnchangedRender), so the next render that
 * finds it can stop at once. Recording is
 * only a shortcut: when the state cannot be read, or a render would change something, nothing is
 * recorded and the next render runs in full.
 * @returns whether a fingerprint was recorded.
 */
export async function recordRenderFingerprint(
  config: ClusterConfig,
  assetDirectory: string,
  options: RenderFingerprintOptions,
): Promise<boolean> {
  const build = options.buildId;
  if (build === undefined) return false;
  const templates = renderAssets(config);
  const paths = renderedPaths(templates);
  try {
    const snapshot = await fingerprintAssetDirectory(
      assetDirectory,
      paths,
      `${build} ${process.version}`,
    );
    if (snapshot === undefined) return false;
    const unchanged = await describeUnchangedRender(
      config,
      snapshot,
      templates,
      options.now ?? new Date(),
    );
    if (unchanged === undefined) return false;
    const record: RenderFingerprint = {
      version: 1,
      build,
      node: process.version,
      paths,
      digest: snapshot.digest,
      validFrom: unchanged.validFrom.toISOString(),
      validUntil: unchanged.validUntil.toISOString(),
      stderr: unchanged.stderr,
    };
    await writeFileAtomic(
      join(assetDirectory, RENDER_FINGERPRINT_FILE),
      `${JSON.stringify(record, null, 2)}\n`,
      { mode: 0o644, overwrite: true, name: RENDER_FINGERPRINT_FILE },
    );
    return true;
  } catch {
    // A file that changed kind or vanished meanwhile, or a fingerprint that cannot be written:
    // the render itself is done, and the next one simply runs in full.
    return false;
  }
}
