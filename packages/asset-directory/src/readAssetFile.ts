import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { AssetError } from './AssetError.js';
import { lstatAssetPath, unsafeFile } from './internal/lstatAssetPath.js';

/** Opening flags that never follow a link in the last component and never wait on a FIFO. */
export const NO_FOLLOW = constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * Reads a file of the asset directory (`relativePath` such as `credentials/ca-key.pem`), checking
 * every component with lstat first: a link, FIFO or device is refused by name and never opened,
 * and the file opened is the one that was checked (O_NOFOLLOW, then the same inode).
 * @returns undefined when it (or a directory on its way) does not exist.
 * @throws {AssetError} `UNSAFE_FILE` naming the component that is not a directory or a regular file.
 */
export async function readAssetFile(
  assetDirectory: string,
  relativePath: string,
): Promise<Buffer | undefined> {
  const parts = relativePath.split('/');
  for (let index = 1; index < parts.length; index++) {
    const name = parts.slice(0, index).join('/');
    if ((await lstatAssetPath(join(assetDirectory, name), name, 'directory')) === undefined)
      return undefined;
  }
  const path = join(assetDirectory, relativePath);
  const checked = await lstatAssetPath(path, relativePath, 'file');
  if (checked === undefined) return undefined;
  const handle = await open(path, constants.O_RDONLY | NO_FOLLOW);
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) throw unsafeFile(relativePath, opened, 'file');
    // Replaced between lstat and open: refuse rather than read what was not checked.
    if (opened.ino !== checked.ino || opened.dev !== checked.dev)
      throw new AssetError(
        'UNSAFE_FILE',
        `${relativePath} was replaced while kube-aws read it; run the command again`,
      );
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
