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

/** The text of render-state.json for `state`: its files sorted, so the same state is the same text. */
export function formatRenderState(state: Record<string, string>): string {
  const sorted = Object.fromEntries(Object.entries(state).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify(sorted, null, 2) + '\n';
}

/** Parses render-state.json's bytes; anything but a JSON object counts as no state. */
export function parseRenderState(bytes: Uint8Array | undefined): Record<string, string> {
  if (bytes === undefined) return {};
  try {
    const state: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof state === 'object' && state !== null && !Array.isArray(state)
      ? (state as Record<string, string>)
      : {};
  } catch {
    return {};
  }
}

export async function readRenderState(assetDirectory: string): Promise<Record<string, string>> {
  // A link or pipe in its place is refused (readAssetFile); only unreadable JSON counts as none.
  return parseRenderState(await readAssetFile(assetDirectory, RENDER_STATE_FILE));
}

export async function writeRenderState(
  assetDirectory: string,
  state: Record<string, string>,
): Promise<void> {
  const path = join(assetDirectory, RENDER_STATE_FILE);
  await ensureAssetDirectory(assetDirectory, dirname(RENDER_STATE_FILE), 0o755);
  await writeFileAtomic(path, formatRenderState(state), {
    mode: 0o644,
    overwrite: true,
    name: RENDER_STATE_FILE,
  });
}
