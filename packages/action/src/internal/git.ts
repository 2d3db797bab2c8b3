import { execFile } from 'node:child_process';
import { ActionError } from '../ActionError.js';

/** Runs git in `cwd` and returns its standard output; a failure names the command and git's words. */
export function git(cwd: string, args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error === null) return resolve(stdout);
        const words = stderr.toString('utf8').trim() || error.message;
        reject(new ActionError('GIT_FAILED', `git ${args[0]} failed: ${words}`, { cause: error }));
      },
    );
  });
}
