import { chmod, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Makes a directory and any missing parents, each with `mode` whatever the umask; an existing
 * one is left as it is. For the asset directory itself, which `init` may create.
 */
export async function makeDirectory(path: string, mode: number): Promise<void> {
  const first = await mkdir(path, { recursive: true, mode });
  if (first === undefined) return;
  const created = [path];
  while (created[0] !== first) created.unshift(dirname(created[0]!));
  for (const directory of created) await chmod(directory, mode);
}
