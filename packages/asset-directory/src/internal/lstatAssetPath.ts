import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { AssetError } from '../AssetError.js';

function kindOf(stats: Stats): string {
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'a regular file';
}

/** The refusal for a path of the asset directory that is not what kube-aws reads or writes there. */
export function unsafeFile(name: string, stats: Stats, expected: 'file' | 'directory'): AssetError {
  const wanted = expected === 'file' ? 'a regular file' : 'a directory';
  return new AssetError(
    'UNSAFE_FILE',
    `${name} is ${kindOf(stats)}, not ${wanted}; kube-aws never follows links nor reads devices or pipes in the asset directory (a link can point at any file on this machine): replace it with ${wanted}`,
  );
}

/**
 * Looks at a path of the asset directory without following a link.
 * @returns undefined when it does not exist.
 * @throws {AssetError} `UNSAFE_FILE` naming it when it exists and is not `expected`.
 */
export async function lstatAssetPath(
  path: string,
  name: string,
  expected: 'file' | 'directory',
): Promise<Stats | undefined> {
  let stats: Stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (expected === 'file' ? !stats.isFile() : !stats.isDirectory())
    throw unsafeFile(name, stats, expected);
  return stats;
}
