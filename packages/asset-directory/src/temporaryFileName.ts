import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

const TEMPORARY = /^\..+\.[0-9a-f]{12}\.tmp$/;

/**
 * The temporary file kube-aws writes `path` through: `.<name>.<12 hex>.tmp` in the same
 * directory, so the rename that completes it is atomic.
 */
export function temporaryFileName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Whether a file name is one of kube-aws's temporary files. One left by a killed process may
 * hold a plaintext key: render removes them at start, and the action's sweep too.
 */
export function isTemporaryFileName(name: string): boolean {
  return TEMPORARY.test(name);
}
