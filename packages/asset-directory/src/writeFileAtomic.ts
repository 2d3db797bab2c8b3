import { constants } from 'node:fs';
import { link, open, rename, unlink } from 'node:fs/promises';
import { basename } from 'node:path';
import { temporaryFileName } from './temporaryFileName.js';
import { lstatAssetPath } from './internal/lstatAssetPath.js';

export interface WriteFileAtomicOptions {
  /** Set on the file itself (fchmod), so the umask changes nothing. */
  readonly mode: number;
  readonly overwrite: boolean;
  /** How messages name the file: `credentials/ca-key.pem`. @default its base name */
  readonly name?: string;
}

/**
 * Writes a file so that readers see either nothing or all of it: a temporary file in the same
 * directory, made anew (O_EXCL, never through a link) with exactly `mode`, then a link (refusing
 * to replace) or a rename (replacing). A link, FIFO or directory in its place is refused.
 * @returns false when `overwrite` is false and the file already exists.
 * @throws {AssetError} `UNSAFE_FILE` when `path` exists and is not a regular file.
 */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  options: WriteFileAtomicOptions,
): Promise<boolean> {
  const existing = await lstatAssetPath(path, options.name ?? basename(path), 'file');
  if (existing !== undefined && !options.overwrite) return false;
  const temporary = temporaryFileName(path);
  const handle = await open(
    temporary,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    options.mode,
  );
  try {
    try {
      await handle.chmod(options.mode);
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
    if (options.overwrite) {
      await rename(temporary, path);
      return true;
    }
    try {
      await link(temporary, path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}
