import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The path of a preinstalled command. A non-interactive shell may lack pyenv's shims on PATH, so
 * ~/.pyenv/shims is searched too. A missing tool fails the test loudly: nothing is skipped.
 */
export function findTool(name: string): string {
  const onPath = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim() !== '') return onPath.stdout.trim();
  const shim = join(homedir(), '.pyenv', 'shims', name);
  if (existsSync(shim)) return shim;
  throw new Error(
    `${name} is not installed: neither on PATH nor in ~/.pyenv/shims. This test needs it.`,
  );
}
