import { dirname, join } from 'node:path';
import type { ClusterConfig } from '@kube-aws/config-schema';
import { renderAssets } from '@kube-aws/renderer';
import type { AssetIo } from './AssetIo.js';
import {
  readRenderState,
  RENDER_STATE_FILE,
  sha256,
  writeRenderState,
} from './internal/renderState.js';
import { ensureAssetDirectory } from './ensureAssetDirectory.js';
import { readAssetFile } from './readAssetFile.js';
import { removeStaleTemporaryFiles } from './internal/removeStaleTemporaryFiles.js';
import { BASE_DIRECTORY, resolveTemplates } from './resolveTemplates.js';
import { writeFileAtomic } from './writeFileAtomic.js';

async function writeAsset(assetDirectory: string, file: string, content: string): Promise<void> {
  if (dirname(file) !== '.') await ensureAssetDirectory(assetDirectory, dirname(file), 0o755);
  await writeFileAtomic(join(assetDirectory, file), content, {
    mode: 0o644,
    overwrite: true,
    name: file,
  });
}

/**
 * Writes the cloud-config, add-on and stack templates of the config as it is now. The user's edits
 * are kept and the config's changes merged into them (resolveTemplates); --force replaces them.
 * Each template as kube-aws made it is kept under BASE_DIRECTORY for the next merge. Directories
 * are made 0755 and files 0644 whatever the umask; none is read or written through a link.
 * @throws {AssetError} `CONFIG_INVALID` naming each edit that conflicts with the config, before
 * anything is written; `UNSAFE_FILE` naming a template, or its directory, that is a link, FIFO or device.
 */
export async function renderTemplateFiles(
  config: ClusterConfig,
  assetDirectory: string,
  force: boolean,
  io: AssetIo,
): Promise<void> {
  await removeStaleTemporaryFiles(assetDirectory);
  const resolved = force ? undefined : await resolveTemplates(config, assetDirectory);
  const fresh = resolved?.fresh ?? renderAssets(config);
  const templates = resolved?.templates ?? fresh;
  const state = await readRenderState(assetDirectory);
  const written: string[] = [];
  const unmerged = new Set(resolved?.unmerged ?? []);
  for (const [file, content] of Object.entries(templates)) {
    const current =
      resolved?.current[file] ?? (await readAssetFile(assetDirectory, file))?.toString('utf8');
    if (current !== content) {
      written.push(file);
      await writeAsset(assetDirectory, file, content);
    }
    state[file] = sha256(fresh[file]!);
    // A base only for what kube-aws can merge: an edit made before bases were kept stays flagged.
    if (unmerged.has(file)) continue;
    const base = `${BASE_DIRECTORY}/${file}`;
    if ((await readAssetFile(assetDirectory, base))?.toString('utf8') !== fresh[file])
      await writeAsset(assetDirectory, base, fresh[file]!);
  }
  await writeRenderState(assetDirectory, state);
  const edited = resolved?.edited ?? [];
  const merged = edited.filter((file) => !unmerged.has(file));
  if (written.length > 0) io.stdout(`Wrote ${written.join(', ')}\n`);
  if (merged.length > 0)
    io.stdout(
      `Kept your edits of ${merged.join(', ')} (the config's values reach them; --force replaces them)\n`,
    );
  if (written.length === 0 && edited.length === 0) io.stdout('Templates are up to date.\n');
  if (unmerged.size > 0) {
    io.stderr(
      `Left alone (edited before kube-aws kept a base to merge with; changes of the config do not reach them until you run render --force and edit again): ${[...unmerged].join(', ')}\n`,
    );
    io.stderr(`(${RENDER_STATE_FILE} records what kube-aws last wrote.)\n`);
  }
}
