import { lstat, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isTemporaryFileName } from '../temporaryFileName.js';
import { lstatAssetPath } from './lstatAssetPath.js';

/**
 * Every directory kube-aws writes through temporary files, each after its parent (a parent that
 * is a link is refused before anything under it is looked at). The rendered base is spelled out
 * rather than imported from resolveTemplates, which would load the renderer into the fingerprint
 * check of a no-op render; tests/removeStaleTemporaryFiles.test.ts checks that every directory a
 * render makes is here.
 */
export const TEMPORARY_FILE_DIRECTORIES = [
  '',
  'credentials',
  'cloud-config',
  '.kube-aws',
  '.kube-aws/rendered',
  '.kube-aws/rendered/cloud-config',
];

/**
 * Deletes the temporary files a killed kube-aws left (`.<name>.<hex>.tmp`, which may hold a
 * plaintext key) from each of TEMPORARY_FILE_DIRECTORIES.
 * Links are removed, never followed; directories are left alone.
 * @returns the paths removed, relative to the asset directory.
 */
export async function removeStaleTemporaryFiles(assetDirectory: string): Promise<string[]> {
  const removed: string[] = [];
  for (const directory of TEMPORARY_FILE_DIRECTORIES) {
    const path = join(assetDirectory, directory);
    if (directory !== '' && (await lstatAssetPath(path, directory, 'directory')) === undefined)
      continue;
    for (const name of (await readdir(path)).filter(isTemporaryFileName)) {
      const file = join(path, name);
      const stats = await lstat(file).catch(() => undefined);
      if (stats === undefined || stats.isDirectory()) continue;
      await unlink(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      removed.push(directory === '' ? name : `${directory}/${name}`);
    }
  }
  return removed;
}
