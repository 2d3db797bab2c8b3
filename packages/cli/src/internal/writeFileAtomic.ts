import { randomBytes } from 'node:crypto';
import { chmod, link, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that readers see either nothing or all of it: a temporary file in the same
 * directory, then a link (refusing to replace) or a rename (replacing).
 * @returns false when `overwrite` is false and the file already exists.
 */
export async function writeFileAtomic(
  path: string,
  content: string,
  options: { mode: number; overwrite: boolean },
): Promise<boolean> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(temporary, content, { mode: options.mode, flag: 'wx' });
  try {
    await chmod(temporary, options.mode);
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
