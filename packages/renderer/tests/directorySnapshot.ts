import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every file under `dir`, by relative path: its mode and sha256, and with `mtime` its modification
 * time. Equal snapshots: no file was added, removed or changed (with `mtime`: none was written).
 */
export function directorySnapshot(dir: string, { mtime = false } = {}): Record<string, string> {
  const snapshot: Record<string, string> = {};
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      const stat = statSync(full);
      const mode = (stat.mode & 0o7777).toString(8).padStart(4, '0');
      if (entry.isDirectory()) {
        snapshot[`${relative(dir, full)}/`] = mode;
        walk(full);
      } else {
        const sum = createHash('sha256').update(readFileSync(full)).digest('hex');
        snapshot[relative(dir, full)] = `${mode} ${sum}${mtime ? ` ${stat.mtimeMs}` : ''}`;
      }
    }
  };
  walk(dir);
  return snapshot;
}
