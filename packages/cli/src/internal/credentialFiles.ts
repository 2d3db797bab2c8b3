import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './writeFileAtomic.js';

/** The credentials/ directory of an asset directory. */
export function credentialsDirectory(assetDirectory: string): string {
  return join(assetDirectory, 'credentials');
}

/** Makes credentials/ (mode 0700) with a .gitignore that ignores everything in it. */
export async function prepareCredentialsDirectory(directory: string): Promise<void> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  await chmod(directory, 0o700);
  await writeFile(
    join(directory, '.gitignore'),
    '# TLS keys and certificates: never commit them.\n*\n',
    { flag: 'wx', mode: 0o644 },
  ).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}

/** The text of those of `names` that exist in the directory. */
export async function readCredentialFiles(
  directory: string,
  names: readonly string[],
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of names) {
    try {
      files.set(name, await readFile(join(directory, name), 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return files;
}

/** Tightens a key file to mode 0600; returns true when it had to. */
export async function restrictKeyFile(path: string): Promise<boolean> {
  const mode = (await stat(path)).mode & 0o777;
  if (mode === 0o600) return false;
  await chmod(path, 0o600);
  return true;
}

/** Writes a file atomically unless it already holds exactly this content. */
export async function writeIfChanged(
  path: string,
  content: string,
  mode: number,
): Promise<boolean> {
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current === content) return false;
  await writeFileAtomic(path, content, { mode, overwrite: true });
  return true;
}
