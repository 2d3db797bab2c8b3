import { constants } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { lstatAssetPath } from './internal/lstatAssetPath.js';

/**
 * Makes a directory of the asset directory (`cloud-config`, `.kube-aws`, `credentials`) with
 * `mode` whatever the umask, each missing component checked with lstat and none followed if it
 * is a link. An existing directory keeps its mode unless `enforceMode` (credentials/ is 0700).
 * @returns its path.
 * @throws {AssetError} `UNSAFE_FILE` naming a component that is not a directory.
 */
export async function ensureAssetDirectory(
  assetDirectory: string,
  relativePath: string,
  mode: number,
  options: { enforceMode?: boolean } = {},
): Promise<string> {
  const parts = relativePath.split('/');
  let path = assetDirectory;
  for (let index = 0; index < parts.length; index++) {
    const name = parts.slice(0, index + 1).join('/');
    path = join(assetDirectory, name);
    const last = index === parts.length - 1;
    let created = false;
    if ((await lstatAssetPath(path, name, 'directory')) === undefined) {
      created = await mkdir(path, { mode }).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error;
          return false;
        },
      );
      // Made by someone else meanwhile: it must still be a directory.
      if (!created) await lstatAssetPath(path, name, 'directory');
    }
    if (created || (last && options.enforceMode === true)) {
      // The directory opened is the one checked (O_NOFOLLOW), and its mode is set on it (fchmod).
      const handle = await open(
        path,
        constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW,
      );
      try {
        await handle.chmod(mode);
      } finally {
        await handle.close();
      }
    }
  }
  return path;
}
