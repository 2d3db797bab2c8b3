import { dirname, join } from 'node:path';
import type { ClusterConfig } from '@kube-aws/config-schema';
import { renderAssets } from '@kube-aws/renderer';
import type { CliIo } from './CliIo.js';
import {
  readRenderState,
  RENDER_STATE_FILE,
  sha256,
  writeRenderState,
} from './internal/renderState.js';
import { ensureAssetDirectory } from './internal/ensureAssetDirectory.js';
import { readAssetFile } from './internal/readAssetFile.js';
import { removeStaleTemporaryFiles } from './internal/removeStaleTemporaryFiles.js';
import { writeFileAtomic } from './internal/writeFileAtomic.js';

/**
 * Writes the cloud-config and stack templates. A file is replaced only when it is missing, still
 * exactly as render last wrote it, or --force is given; the user's edits are kept and named.
 * Directories are made 0755 and files 0644 whatever the umask; none is read or written through a link.
 * @throws {CliError} `UNSAFE_FILE` naming a template, or its directory, that is a link, FIFO or device.
 */
export async function renderTemplateFiles(
  config: ClusterConfig,
  assetDirectory: string,
  force: boolean,
  io: CliIo,
): Promise<void> {
  await removeStaleTemporaryFiles(assetDirectory);
  const state = await readRenderState(assetDirectory);
  const written: string[] = [];
  const unchanged: string[] = [];
  const leftAlone: string[] = [];
  for (const [file, content] of Object.entries(renderAssets(config))) {
    const path = join(assetDirectory, file);
    const current = (await readAssetFile(assetDirectory, file))?.toString('utf8');
    if (current === content) {
      unchanged.push(file);
      state[file] = sha256(content);
      continue;
    }
    if (current !== undefined && !force && state[file] !== sha256(current)) {
      leftAlone.push(file);
      continue;
    }
    if (dirname(file) !== '.') await ensureAssetDirectory(assetDirectory, dirname(file), 0o755);
    await writeFileAtomic(path, content, { mode: 0o644, overwrite: true, name: file });
    state[file] = sha256(content);
    written.push(file);
  }
  await writeRenderState(assetDirectory, state);
  if (written.length > 0) io.stdout(`Wrote ${written.join(', ')}\n`);
  if (unchanged.length > 0 && written.length === 0 && leftAlone.length === 0)
    io.stdout('Templates are up to date.\n');
  if (leftAlone.length > 0) {
    io.stderr(
      `Left alone (edited since kube-aws wrote them; --force replaces them): ${leftAlone.join(', ')}\n`,
    );
    io.stderr(`(${RENDER_STATE_FILE} records what kube-aws last wrote.)\n`);
  }
}
