import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { ensureAssetDirectory } from '../ensureAssetDirectory.js';
import { readAssetFile } from '../readAssetFile.js';
import { writeFileAtomic } from '../writeFileAtomic.js';

/**
 * `.kube-aws/render-state.json` in the asset directory: the SHA-256 of each file as render last
 * wrote it. A file that still has that hash was not edited, so a new render may replace it; any
 * other content is the user's, and render leaves it alone.
 */
export const RENDER_STATE_FILE = '.kube-aws/render-state.json';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export async function readRenderState(assetDirectory: string): Promise<Record<string, string>> {
  // A link or pipe in its place is refused (readAssetFile); only unreadable JSON counts as none.
  const bytes = await readAssetFile(assetDirectory, RENDER_STATE_FILE);
  if (bytes === undefined) return {};
  try {
    return JSON.parse(bytes.toString('utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

export async function writeRenderState(
  assetDirectory: string,
  state: Record<string, string>,
): Promise<void> {
  const path = join(assetDirectory, RENDER_STATE_FILE);
  await ensureAssetDirectory(assetDirectory, dirname(RENDER_STATE_FILE), 0o755);
  const sorted = Object.fromEntries(Object.entries(state).sort(([a], [b]) => a.localeCompare(b)));
  await writeFileAtomic(path, JSON.stringify(sorted, null, 2) + '\n', {
    mode: 0o644,
    overwrite: true,
    name: RENDER_STATE_FILE,
  });
}
